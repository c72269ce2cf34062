//! Agreement of the matter matcher with the labelled sets in `fixtures/matters/` and
//! `fixtures/matters-heldout/`.

#[path = "../../examples/matter_eval.rs"]
mod matter_eval;

/// The figure kept in BENCHMARKS.md. A drop below it means the matcher or the `matching/`
/// script got worse on text it was not written against.
#[test]
fn the_matcher_agrees_with_the_labelled_matters() {
    let a = matter_eval::measure(std::path::Path::new("fixtures/matters"));
    assert_eq!(a.total, 209);
    // Every trap kind of the set is present and counted.
    let traps: Vec<&str> = a.by_trap.keys().map(String::as_str).collect();
    assert_eq!(
        traps,
        [
            "cites-id",
            "none",
            "other-person",
            "paraphrase",
            "positive",
            "repeat",
            "same-area",
            "same-village",
            "unfounded"
        ]
    );
    let share = a.agree as f64 / a.total as f64;
    assert!(share >= 0.90, "agreement {:.1}%:\n{}", 100.0 * share, a.misses.join("\n"));
    // The traps the area-level comparison fell into stay avoided.
    let (ok, n) = a.by_trap["same-area"];
    assert!(ok * 10 >= n * 8, "same-area {ok}/{n}");
    let (ok, n) = a.by_trap["other-person"];
    assert!(ok * 100 >= n * 85, "other-person {ok}/{n}");
    // Grouping into matters lends a covered signal's answer to the others of its matter, so a
    // wrong group hides a missed matter: few of those, and the repeats found stay found.
    assert!(a.wrongly_grouped <= 2, "{} pairs grouped wrongly", a.wrongly_grouped);
    assert!(a.repeats_grouped.0 >= 5, "repeats grouped {:?}", a.repeats_grouped);
}

/// The held-out set was written without sight of the matcher: its figure (BENCHMARKS.md) is
/// what an office's own round should expect. It must not be tuned against; this only catches a
/// change that makes matching worse on text nobody fitted it to.
#[test]
fn the_matcher_agrees_with_the_held_out_matters() {
    let a = matter_eval::measure(std::path::Path::new("fixtures/matters-heldout"));
    assert_eq!(a.total, 81);
    assert_eq!(a.by_trap.len(), 9, "{:?}", a.by_trap.keys());
    let share = a.agree as f64 / a.total as f64;
    assert!(share >= 0.70, "agreement {:.1}%:\n{}", 100.0 * share, a.misses.join("\n"));
    // A missed signal is rarely taken for covered: a false cover hides what the report left out.
    let (ok, n) = a.by_expect["missed"];
    assert!(ok * 100 >= n * 85, "missed {ok}/{n}");
    assert_eq!(a.wrongly_grouped, 0, "pairs grouped as one matter that are not");
}
