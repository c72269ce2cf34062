//! Applies the rubric of pack.toml to a report's findings: points lost per criterion, floors,
//! the veto (一票否决) and the grade band.
//!
//! A criterion that no rule could assess (every rule of it was not applicable, or does not
//! apply to the text's genre) is 未评估: it scores nothing and is left out of the total and the
//! maximum, never credited in full. The grade applies to total ÷ max × 100, and only when the
//! assessed criteria carry enough of the rubric.

use std::collections::BTreeSet;

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
    /// Some rule could assess the criterion; when false, score and lost are 0 (未评估).
    pub assessed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreCard {
    pub criteria: Vec<CriterionScore>,
    /// Points over the assessed criteria.
    pub total: f64,
    /// Sum of the assessed criteria's maximum points.
    pub max: f64,
    /// The grade band of total ÷ max × 100; empty when no grade is given (see `ungraded`).
    pub grade: String,
    /// A veto rule fired (一票否决): the grade is the lowest band whatever the points.
    pub vetoed: bool,
    /// The score stands: the text's genre is scored, it has problem items and enough of the
    /// rubric was assessed. When false there is no grade.
    pub assessed: bool,
    /// total ÷ max × 100.
    pub percent: f64,
    /// Why there is no grade.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ungraded: Option<String>,
    #[serde(skip)]
    pub basis: Basis,
}

/// What the score of a text rests on, kept so that the card can be recomputed (after waivers).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Basis {
    /// Criteria some rule assessed; `None`: all of them (the cadre rubric).
    pub assessed: Option<BTreeSet<String>>,
    /// A reason the text gets no grade whatever its points (工作动态, no problem items).
    pub no_grade: Option<String>,
    /// Least share of the rubric's points the assessed criteria must carry for a grade.
    pub min_share: f64,
}

/// Scores with every criterion assessed (the cadre rubric).
pub fn score(rubric: &Rubric, findings: &[Finding]) -> ScoreCard {
    score_with(rubric, findings, &Basis::default())
}

/// Recomputes a card for changed findings (waivers applied), on the same basis.
pub fn rescore(card: &ScoreCard, rubric: &Rubric, findings: &[Finding]) -> ScoreCard {
    score_with(rubric, findings, &card.basis)
}

pub fn score_with(rubric: &Rubric, findings: &[Finding], basis: &Basis) -> ScoreCard {
    let counted = || findings.iter().filter(|f| f.waived.is_none());
    let criteria: Vec<CriterionScore> = rubric
        .criteria
        .iter()
        .map(|(id, c)| {
            let assessed = basis.assessed.as_ref().is_none_or(|a| a.contains(id));
            if !assessed {
                return CriterionScore {
                    id: id.clone(),
                    name: c.name.clone(),
                    max: c.max,
                    score: 0.0,
                    lost: 0.0,
                    assessed,
                };
            }
            let wanted: f64 = counted().filter(|f| f.criterion.as_deref() == Some(id.as_str())).map(|f| f.points).sum();
            let score = round1((c.max - wanted).max(c.floor).min(c.max));
            CriterionScore {
                id: id.clone(),
                name: c.name.clone(),
                max: c.max,
                score,
                lost: round1(c.max - score),
                assessed,
            }
        })
        .collect();
    let total = round1(criteria.iter().filter(|c| c.assessed).map(|c| c.score).sum());
    let max = round1(criteria.iter().filter(|c| c.assessed).map(|c| c.max).sum());
    let full: f64 = rubric.criteria.values().map(|c| c.max).sum();
    let percent = if max > 0.0 { round1(total / max * 100.0) } else { 0.0 };
    let vetoed = counted().any(|f| f.veto);
    let share = if full > 0.0 { max / full } else { 0.0 };
    let ungraded = basis.no_grade.clone().or_else(|| {
        (share + 1e-9 < basis.min_share).then(|| {
            format!(
                "可评估的评分项只占满分的 {:.0}%（{max} / {full} 分），不足 {:.0}%，不评定等次",
                share * 100.0,
                basis.min_share * 100.0
            )
        })
    });
    let grade = if vetoed {
        rubric.grades.last().map(|g| g.name.clone()).unwrap_or_default()
    } else if ungraded.is_some() {
        String::new()
    } else {
        rubric
            .grades
            .iter()
            .find(|g| percent >= g.min)
            .or(rubric.grades.last())
            .map(|g| g.name.clone())
            .unwrap_or_default()
    };
    ScoreCard {
        criteria,
        total,
        max,
        grade,
        vetoed,
        assessed: ungraded.is_none(),
        percent,
        ungraded,
        basis: basis.clone(),
    }
}
