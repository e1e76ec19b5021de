//! The curriculum's lessons as the registry (www/lessons/registry.json) defines them — the very
//! settings the pages and embeds load — each run and its outcome asserted, one test per lesson
//! so that a failure names the lesson and its figure.
#![cfg(not(target_arch = "wasm32"))]

use dl_playground::lessons::{self, Page, Settings};

fn holds(n: u32) {
    let o = lessons::run(n);
    assert_eq!(o.number, n);
    assert!(o.pass, "lesson {n} ({}): {}", o.name, o.figure);
}

#[test]
fn lesson_1_the_perceptron_converges_on_a_linear_split() {
    holds(1);
}

#[test]
fn lesson_2_the_perceptron_never_passes_75_percent_on_xor() {
    holds(2);
}

#[test]
fn lesson_3_adalines_loss_glides_while_the_perceptrons_error_count_jumps() {
    holds(3);
}

#[test]
fn lesson_4_logistic_regression_reaches_the_bayes_accuracy_with_a_graded_map() {
    holds(4);
}

#[test]
fn lesson_5_four_activations_learn_the_circle_linear_and_step_cannot() {
    holds(5);
}

#[test]
fn lesson_6_sigmoid_gradients_vanish_relu_ones_do_not_relus_die_and_leaky_ones_never() {
    holds(6);
}

#[test]
fn lesson_7_a_tanh_hidden_layer_solves_xor_a_linear_one_cannot() {
    holds(7);
}

#[test]
fn lesson_8_each_of_four_losses_teaches_the_circle() {
    holds(8);
}

#[test]
fn lesson_9_iterations_per_epoch_follow_the_batch_size() {
    holds(9);
}

#[test]
fn lesson_10_one_learning_rate_diverges_the_other_crawls() {
    holds(10);
}

#[test]
fn lesson_11_each_start_ends_in_its_own_minimum() {
    holds(11);
}

#[test]
fn lesson_12_gd_stalls_on_the_plateau_adam_crosses_it() {
    holds(12);
}

#[test]
fn lesson_13_gd_zig_zags_in_the_ravine_and_momentum_arrives_first() {
    holds(13);
}

#[test]
fn lesson_14_six_optimizers_all_reach_the_bottom_of_the_ravine() {
    holds(14);
}

#[test]
fn lesson_15_the_path_ends_where_the_map_shows_the_trainers_loss() {
    holds(15);
}

/// The curriculum's order and pages: lessons 1–9 on the playground, 10–15 in the lab.
#[test]
fn the_registry_holds_the_fifteen_lessons_on_their_pages() {
    let all = lessons::lessons().expect("the registry reads");
    let pages: Vec<(u32, Page)> = all.iter().map(|l| (l.number, l.page)).collect();
    let want: Vec<(u32, Page)> = (1..=15).map(|n| (n, if n <= 9 { Page::Playground } else { Page::Lab })).collect();
    assert_eq!(pages, want);
    for l in &all {
        assert!(matches!(
            (&l.settings, l.page),
            (Settings::Playground { .. }, Page::Playground) | (Settings::Lab(_), Page::Lab)
        ));
        assert!(!l.parts.is_empty(), "lesson {} shows some part", l.number);
    }
    assert_eq!(lessons::all().len(), 15);
}
