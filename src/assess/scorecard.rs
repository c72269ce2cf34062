//! Applies the rubric of pack.toml to a report's findings: points lost per criterion, floors,
//! the veto (一票否决) and the grade band.

use serde::Serialize;

use crate::model::outcome::Finding;
use crate::pack::Rubric;
use crate::util::number::round1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    pub id: String,
    pub name: String,
    pub max: f64,
    pub score: f64,
    pub lost: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreCard {
    pub criteria: Vec<CriterionScore>,
    pub total: f64,
    pub max: f64,
    pub grade: String,
    /// A veto rule fired (一票否决): the grade is the lowest band whatever the points.
    pub vetoed: bool,
}

pub fn score(rubric: &Rubric, findings: &[Finding]) -> ScoreCard {
    let counted = || findings.iter().filter(|f| f.waived.is_none());
    let criteria: Vec<CriterionScore> = rubric
        .criteria
        .iter()
        .map(|(id, c)| {
            let wanted: f64 = counted().filter(|f| f.criterion.as_deref() == Some(id.as_str())).map(|f| f.points).sum();
            let score = round1((c.max - wanted).max(c.floor).min(c.max));
            CriterionScore { id: id.clone(), name: c.name.clone(), max: c.max, score, lost: round1(c.max - score) }
        })
        .collect();
    let total = round1(criteria.iter().map(|c| c.score).sum());
    let vetoed = counted().any(|f| f.veto);
    let grade = if vetoed {
        rubric.grades.last().map(|g| g.name.clone())
    } else {
        rubric.grades.iter().find(|g| total >= g.min).or(rubric.grades.last()).map(|g| g.name.clone())
    }
    .unwrap_or_default();
    ScoreCard { criteria, total, max: rubric.total, grade, vetoed }
}
