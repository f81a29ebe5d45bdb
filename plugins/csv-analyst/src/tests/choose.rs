//! Choosing the ranking column: metadata, text, the only numeric column, or a question.

use super::table;
use crate::choose::{QUESTION, named_in_text, requested, resolve};
use crate::stats::analyse;
use crate::table::Table;

const SHOP: &str = "item,price,quantity,revenue,in_stock\nPen,1.5,10,15,true\n";

fn shop() -> Table {
    table(SHOP)
}

fn choose(request: Option<&str>, t: &Table) -> Result<Option<usize>, String> {
    resolve(request, t, &analyse(t))
}

#[test]
fn text_names_a_column_in_the_accepted_forms() {
    let t = shop();
    for text in [
        "revenue",
        "  Revenue. ",
        "\"revenue\"",
        "column: revenue",
        "Column=REVENUE",
        "rank by revenue",
        "Please rank the rows by revenue, thanks",
        "show me the top 5 by the revenue column",
        "sort by `revenue`",
    ] {
        assert_eq!(
            named_in_text(text, &t).as_deref(),
            Some("revenue"),
            "{text:?}"
        );
    }
}

#[test]
fn text_reports_back_an_unknown_name_after_an_explicit_form() {
    let t = shop();
    assert_eq!(
        named_in_text("rank by cost please", &t).as_deref(),
        Some("cost")
    );
    assert_eq!(named_in_text("column: cost", &t).as_deref(), Some("cost"));
}

#[test]
fn prose_without_a_request_names_nothing() {
    let t = shop();
    for text in [
        "Please analyse this file",
        "revenue is interesting",
        "sales by region",
        "what do you think?",
    ] {
        assert_eq!(named_in_text(text, &t), None, "{text:?}");
    }
}

#[test]
fn the_longest_matching_name_wins() {
    let t = table("price,price usd\n1,2\n");
    assert_eq!(
        named_in_text("rank by price usd", &t).as_deref(),
        Some("price usd")
    );
    assert_eq!(named_in_text("rank by price", &t).as_deref(), Some("price"));
}

#[test]
fn metadata_wins_over_text() {
    let t = shop();
    let metadata = [Some(r#"{"column":"price"}"#), None];
    assert_eq!(
        requested(&metadata, &["rank by revenue"], &t).as_deref(),
        Some("price")
    );
    assert_eq!(
        requested(&[None, Some(r#"{"column":"quantity"}"#)], &[], &t).as_deref(),
        Some("quantity")
    );
    assert_eq!(
        requested(&[Some(r#"{"skillId":"x"}"#)], &["hi", "revenue"], &t).as_deref(),
        Some("revenue")
    );
    assert_eq!(requested(&[None], &["hi"], &t), None);
}

#[test]
fn resolves_a_named_numeric_column() {
    assert_eq!(choose(Some("quantity"), &shop()), Ok(Some(2)));
    assert_eq!(choose(Some("REVENUE"), &shop()), Ok(Some(3)));
}

#[test]
fn asks_when_several_columns_are_numeric() {
    let expected = format!("{QUESTION} Numeric columns: price, quantity, revenue");
    assert_eq!(
        expected,
        "Which column should I rank the top 5 rows by? Numeric columns: price, quantity, revenue"
    );
    assert_eq!(choose(None, &shop()), Err(expected));
}

#[test]
fn asks_again_for_a_missing_or_non_numeric_column() {
    let question = format!("{QUESTION} Numeric columns: price, quantity, revenue");
    assert_eq!(
        choose(Some("cost"), &shop()),
        Err(format!("There is no column \"cost\". {question}"))
    );
    assert_eq!(
        choose(Some("item"), &shop()),
        Err(format!("Column \"item\" is text, not numeric. {question}"))
    );
    let in_stock = choose(Some("in_stock"), &shop());
    assert_eq!(
        in_stock,
        Err(format!(
            "Column \"in_stock\" is boolean, not numeric. {question}"
        ))
    );
}

#[test]
fn takes_the_only_numeric_column_unasked() {
    assert_eq!(
        choose(None, &table("name,score,ok\na,1,true\n")),
        Ok(Some(1))
    );
}

#[test]
fn does_not_ask_when_no_column_is_numeric() {
    let t = table("name,city\na,b\n");
    assert_eq!(choose(None, &t), Ok(None));
    assert_eq!(choose(Some("name"), &t), Ok(None));
}
