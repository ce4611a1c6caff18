//! Small data sets built in code for the integration tests (xsv style): one valid year that
//! every validation test corrupts in one way, and helpers to run the real binary.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Student ids in fixtures carry this marker so tests can assert none leaks into messages.
pub(crate) const SECRET: &str = "SECRETSTU";

/// Loads year `year` of `data` with the default configuration, as `compute` does.
pub(crate) fn load(
    data: &Path,
    year: i32,
    events: core_index::events::Events<'_>,
) -> anyhow::Result<core_index::dataset::YearData> {
    let options = core_index::load::LoadOptions::of(&core_index::config::Config::default());
    core_index::load::load_year(
        data,
        year,
        &mut core_index::dataset::StudentIds::default(),
        &options,
        events,
    )
}

pub(crate) fn bin() -> Command {
    Command::cargo_bin("core-index").expect("binary builds")
}

/// The demo data folder built into the binary (`fixtures/demo`).
pub(crate) fn demo_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("demo")
}

/// A path as a command-line argument.
pub(crate) fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A CSV file as (header, rows of cells).
pub(crate) fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// A CSV file as (header, rows of column → cell).
pub(crate) fn read_csv_maps(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let (header, rows) = read_csv(path);
    let maps = rows
        .into_iter()
        .map(|row| header.iter().cloned().zip(row).collect())
        .collect();
    (header, maps)
}

/// The values of one column of a CSV file.
pub(crate) fn column(path: &Path, name: &str) -> Vec<String> {
    let (header, rows) = read_csv(path);
    let at = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{} has no column {name}", path.display()));
    rows.into_iter().map(|mut r| r.swap_remove(at)).collect()
}

/// A valid year folder `DATA/2016` with every extract, small but complete, plus a 2015
/// assessments extract. Returns the data folder.
pub(crate) fn valid_data(root: &Path) -> PathBuf {
    let data = root.join("data");
    let year = data.join("2016");
    fs::create_dir_all(&year).unwrap();
    fs::create_dir_all(data.join("2015")).unwrap();
    fs::write(
        year.join("schools.csv"),
        "school_id,school_name,district_id,school_level,title_i\n\
         00000000000001,Alder Elementary,D1,E,Y\n\
         00000000000002,Birch Middle,D1,M,N\n",
    )
    .unwrap();
    let mut students = String::from(
        "student_id,school_id,grade,days_enrolled,days_absent,suspensions,expelled,race_ethnicity,sed,swd,el_status,redesignated,foster,homeless,gpa,ela_df,math_df\n",
    );
    let mut assessments =
        String::from("student_id,school_id,grade,subject,scale_score,sem,level\n");
    let mut prior = assessments.clone();
    let mut sel = String::from(
        "student_id,school_id,growth_mindset,self_efficacy,self_management,social_awareness\n",
    );
    for i in 0..60 {
        let (school, grade) = if i < 30 {
            ("00000000000001", 4)
        } else {
            ("00000000000002", 8)
        };
        let race = ["HI", "WH", "AS", "AA", "NR"][i % 5];
        let el = ["EO", "EL", "RFEP", "IFEP", "TBD"][i % 5];
        let redesignated = if el == "RFEP" { "Y" } else { "N" };
        students.push_str(&format!(
            "{SECRET}{i:04},{school},{grade},180,{absent},{susp},N,{race},{sed},N,{el},{redesignated},N,N,3.1,N,N\n",
            absent = i % 20,
            susp = usize::from(i % 7 == 0),
            sed = if i % 2 == 0 { "Y" } else { "N" },
        ));
        for (subject, base) in [("ELA", 2400.0), ("MATH", 2410.0)] {
            assessments.push_str(&format!(
                "{SECRET}{i:04},{school},{grade},{subject},{:.1},25.0,{}\n",
                base + i as f64 * 3.0,
                1 + i % 4
            ));
            prior.push_str(&format!(
                "{SECRET}{i:04},{school},{},{subject},{:.1},24.0,{}\n",
                grade - 1,
                base - 40.0 + i as f64 * 3.0,
                1 + (i + 1) % 4
            ));
        }
        sel.push_str(&format!("{SECRET}{i:04},{school},3.5,4,,2.5\n"));
    }
    fs::write(year.join("students.csv"), students).unwrap();
    fs::write(year.join("assessments.csv"), assessments).unwrap();
    fs::write(data.join("2015").join("assessments.csv"), prior).unwrap();
    fs::write(year.join("sel.csv"), sel).unwrap();
    fs::write(
        year.join("cohort.csv"),
        format!(
            "student_id,school_id,cohort_year,outcome,grad_year,race_ethnicity,sed,swd,el_status\n\
             {SECRET}9001,00000000000002,2013,GRAD,2016,HI,Y,N,EO\n\
             {SECRET}9002,00000000000002,2013,DROP,,WH,N,N,EL\n"
        ),
    )
    .unwrap();
    fs::write(
        year.join("climate.csv"),
        "school_id,respondent,n_invited,n_responded,pct_favorable\n\
         00000000000001,STUDENT,100,60,71.5\n\
         00000000000001,STAFF,30,25,80\n\
         00000000000002,PARENT,200,50,65.25\n",
    )
    .unwrap();
    data
}

/// Rewrites one extract of 2016 with `edit` applied to its text.
pub(crate) fn edit_extract(data: &Path, name: &str, edit: impl FnOnce(String) -> String) {
    let path = data.join("2016").join(format!("{name}.csv"));
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, edit(text)).unwrap();
}

/// Replaces line `line` (0 = header) of an extract's CSV.
pub(crate) fn replace_line(data: &Path, name: &str, line: usize, new: &str) {
    edit_extract(data, name, |text| {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[line] = new.to_string();
        lines.join("\n") + "\n"
    });
}

/// A copy of CSV `src` as Parquet at `dst`, with typed columns: integers and floats where
/// every value parses, booleans for Y/N columns, text for ids and codes.
/// Replaces every CSV extract of the given year folders of `data` by its Parquet copy.
pub(crate) fn years_to_parquet(data: &Path, years: &[&str]) {
    for year in years {
        for entry in std::fs::read_dir(data.join(year)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "csv") {
                csv_to_parquet(&path, &path.with_extension("parquet"));
                std::fs::remove_file(&path).unwrap();
            }
        }
    }
}

pub(crate) fn csv_to_parquet(src: &Path, dst: &Path) {
    use core_index::report::table::Table;
    let mut reader = csv::Reader::from_path(src).unwrap();
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let mut table = Table::new("x");
    for (i, name) in headers.iter().enumerate() {
        let name: &'static str = Box::leak(name.clone().into_boxed_str());
        let cells: Vec<&str> = rows.iter().map(|r| r[i].as_str()).collect();
        let non_empty = || cells.iter().filter(|c| !c.is_empty());
        let opt = |c: &&str| (!c.is_empty()).then(|| c.to_string());
        table = if name.ends_with("_id") || name == "student_id" {
            table.str(name, cells.iter().map(opt).collect())
        } else if non_empty().all(|c| c.parse::<i64>().is_ok()) && non_empty().count() > 0 {
            table.int(name, cells.iter().map(|c| c.parse::<i64>().ok()).collect())
        } else if non_empty().all(|c| c.parse::<f64>().is_ok()) && non_empty().count() > 0 {
            table.float(name, cells.iter().map(|c| c.parse::<f64>().ok()).collect())
        } else if non_empty().all(|c| matches!(*c, "Y" | "N")) && non_empty().count() > 0 {
            table.bool(
                name,
                cells
                    .iter()
                    .map(|c| (!c.is_empty()).then(|| *c == "Y"))
                    .collect(),
            )
        } else {
            table.str(name, cells.iter().map(opt).collect())
        };
    }
    let file = fs::File::create(dst).unwrap();
    core_index::report::parquet_format::write_parquet(&table, file).unwrap();
}

/// Cut points for every non-growth metric at level `*` (values chosen by hand).
pub(crate) const CUTPOINTS: &str = "metric,school_level,c1,c2,c3,c4,c5,c6,c7,c8,c9
ELA_PERF,*,10,20,30,40,50,60,70,80,90
MATH_PERF,*,10,20,30,40,50,60,70,80,90
HS_READINESS,*,10,20,30,40,50,60,70,80,90
GRAD,*,10,20,30,40,50,60,70,80,90
CHRONIC_ABSENCE,*,5,10,15,20,25,30,35,40,45
SUSPENSION,*,1,2,3,4,5,6,7,8,9
EL_RECLASS,*,10,20,30,40,50,60,70,80,90
SEL,*,1.5,2,2.5,3,3.25,3.5,3.75,4,4.5
CLIMATE,*,10,20,30,40,50,60,70,80,90
";

/// `valid_data` with `DATA/cutpoints.csv` (`CUTPOINTS`), ready for `compute`.
pub(crate) fn setup(root: &Path) -> PathBuf {
    let data = valid_data(root);
    fs::write(data.join("cutpoints.csv"), CUTPOINTS).unwrap();
    data
}
