//! Type inference, missing values, min/max/mean and the top-rows ranking, on small tables
//! whose numbers were worked out by hand.

use super::table;
use crate::rank::top_rows;
use crate::stats::{ColumnStats, Kind, Summary, analyse, number};

fn kinds(csv: &str) -> Vec<Kind> {
    analyse(&table(csv)).iter().map(|s| s.kind).collect()
}

#[test]
fn recognises_plain_decimal_numbers_only() {
    assert_eq!(number("42"), Some((42.0, true)));
    assert_eq!(number(" -7 "), Some((-7.0, true)));
    assert_eq!(number("+3"), Some((3.0, true)));
    assert_eq!(number("2.50"), Some((2.5, false)));
    assert_eq!(number(".5"), Some((0.5, false)));
    assert_eq!(number("5."), Some((5.0, false)));
    assert_eq!(number("1e3"), Some((1000.0, false)));
    assert_eq!(number("-2.5E-1"), Some((-0.25, false)));
    for text in [
        "",
        ".",
        "-",
        "1,000",
        "1.2.3",
        "1e",
        "e5",
        "NaN",
        "inf",
        "-infinity",
        "0x10",
        "12a",
        "1e999",
    ] {
        assert_eq!(number(text), None, "{text:?}");
    }
}

#[test]
fn infers_each_type_ignoring_missing_cells() {
    let csv = "i,f,mixed,b,t,e,bn\n1,1.5,1,true,x,,true\n,2,2.5,FALSE,,,1\n-3,,3,,2,, \n";
    use Kind::*;
    assert_eq!(
        kinds(csv),
        [Integer, Number, Number, Boolean, Text, Empty, Text]
    );
}

#[test]
fn counts_missing_values_including_blank_cells() {
    let stats = analyse(&table("a,b\n1, \n,x\n  ,y\n4,z\n"));
    assert_eq!(stats[0].missing, 2);
    assert_eq!(stats[1].missing, 1);
}

#[test]
fn summarises_numeric_columns_over_present_values() {
    // units: 3, 10, 5 (one missing) -> min 3, max 10, mean 18/3 = 6.
    // price: 2.5, -1.25, 4, 0.75 -> min -1.25, max 4, mean 6/4 = 1.5.
    let stats = analyse(&table(
        "units,price,name\n3,2.5,a\n10,-1.25,b\n,4,c\n5,0.75,d\n",
    ));
    assert_eq!(
        stats[0],
        ColumnStats {
            kind: Kind::Integer,
            missing: 1,
            summary: Some(Summary {
                min: 3.0,
                max: 10.0,
                mean: 6.0
            })
        }
    );
    assert_eq!(
        stats[1].summary,
        Some(Summary {
            min: -1.25,
            max: 4.0,
            mean: 1.5
        })
    );
    assert_eq!(
        stats[2],
        ColumnStats {
            kind: Kind::Text,
            missing: 0,
            summary: None
        }
    );
}

#[test]
fn keeps_the_mean_exact_over_many_rows() {
    // 0.1 added 100,000 times drifts with a plain sum; the mean must still be 0.1.
    let csv = format!("x\n{}", "0.1\n".repeat(100_000));
    let mean = analyse(&table(&csv))[0].summary.unwrap().mean;
    assert_eq!(crate::format::number(mean), "0.1");
    assert!((mean - 0.1).abs() < 1e-15, "{mean}");
}

#[test]
fn summarises_the_sales_fixture() {
    let stats = analyse(&table(super::SALES));
    use Kind::*;
    let kinds: Vec<Kind> = stats.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [Text, Text, Text, Integer, Number, Number]);
    let missing: Vec<usize> = stats.iter().map(|s| s.missing).collect();
    assert_eq!(missing, [0, 0, 0, 1, 0, 1]);
    let printed = |i: usize| {
        let s = stats[i].summary.unwrap();
        [s.min, s.max, s.mean].map(crate::format::number)
    };
    // Exact means: 174/15 = 11.6, 1030.51/16 = 64.406875, 2764.16/15 = 184.27733...
    assert_eq!(printed(3), ["1", "40", "11.6"]);
    assert_eq!(printed(4), ["1.15", "329", "64.4069"]);
    assert_eq!(printed(5), ["20", "658", "184.2773"]);
}

#[test]
fn ranks_descending_keeping_ties_in_input_order() {
    let t = table("id,v\na,5\nb,9\nc,5\nd,\ne,9\nf,1\ng,5\nh,x\n");
    let ranking = top_rows(&t, 1, 5);
    // 9 (b, e), then the 5s in input order (a, c, g); f's 1 does not make it.
    assert_eq!(ranking.rows, [1, 4, 0, 2, 6]);
    // d is missing and h is not a number.
    assert_eq!(ranking.unranked, 2);
}

#[test]
fn ranks_fewer_rows_than_asked_and_negative_values() {
    let t = table("v\n-2\n-0.5\n-10\n");
    assert_eq!(top_rows(&t, 0, 5).rows, [1, 0, 2]);
    assert_eq!(top_rows(&t, 0, 1).rows, [1]);
    assert!(top_rows(&t, 0, 0).rows.is_empty());
}

#[test]
fn ranks_the_sales_fixture_by_revenue() {
    let t = table(super::SALES);
    let ranking = top_rows(&t, 5, 5);
    let ids: Vec<&str> = ranking.rows.iter().map(|&r| t.cell(r, 0)).collect();
    // 658, then S10 and S15 both at 329 (input order), 299.85, 270.
    assert_eq!(ids, ["S04", "S10", "S15", "S09", "S13"]);
    assert_eq!(ranking.unranked, 1);
}

#[test]
fn ranks_a_large_table_in_linear_time() {
    let mut csv = String::from("v\n");
    for i in 0..200_000u64 {
        csv.push_str(&format!("{}\n", (i * 7919) % 200_003));
    }
    let t = table(&csv);
    let ranking = top_rows(&t, 0, 5);
    let values: Vec<&str> = ranking.rows.iter().map(|&r| t.cell(r, 0)).collect();
    let mut all: Vec<u64> = (0..200_000u64).map(|i| (i * 7919) % 200_003).collect();
    all.sort_unstable_by(|a, b| b.cmp(a));
    let expected: Vec<String> = all[..5].iter().map(u64::to_string).collect();
    assert_eq!(values, expected);
}
