//! The demo data (`fixtures/demo`: 60 schools, spring years 2014–2016, and their cut points)
//! built into the binary, so `core-index compute --out OUT` works from any directory after
//! `cargo install`. A run without `--data` writes it into a temporary folder of its own,
//! removed when the run ends (also on SIGINT or SIGTERM), and reads it from there.

use core_index::report::publish::TempFolder;

/// Every file of the demo data folder, by its place in the layout.
const FILES: &[(&str, &[u8])] = &[
    (
        "cutpoints.csv",
        include_bytes!("../fixtures/demo/cutpoints.csv"),
    ),
    (
        "2014/assessments.csv",
        include_bytes!("../fixtures/demo/2014/assessments.csv"),
    ),
    (
        "2014/climate.csv",
        include_bytes!("../fixtures/demo/2014/climate.csv"),
    ),
    (
        "2014/cohort.csv",
        include_bytes!("../fixtures/demo/2014/cohort.csv"),
    ),
    (
        "2014/schools.csv",
        include_bytes!("../fixtures/demo/2014/schools.csv"),
    ),
    (
        "2014/sel.csv",
        include_bytes!("../fixtures/demo/2014/sel.csv"),
    ),
    (
        "2014/students.csv",
        include_bytes!("../fixtures/demo/2014/students.csv"),
    ),
    (
        "2015/assessments.csv",
        include_bytes!("../fixtures/demo/2015/assessments.csv"),
    ),
    (
        "2015/climate.csv",
        include_bytes!("../fixtures/demo/2015/climate.csv"),
    ),
    (
        "2015/cohort.csv",
        include_bytes!("../fixtures/demo/2015/cohort.csv"),
    ),
    (
        "2015/schools.csv",
        include_bytes!("../fixtures/demo/2015/schools.csv"),
    ),
    (
        "2015/sel.csv",
        include_bytes!("../fixtures/demo/2015/sel.csv"),
    ),
    (
        "2015/students.csv",
        include_bytes!("../fixtures/demo/2015/students.csv"),
    ),
    (
        "2016/assessments.csv",
        include_bytes!("../fixtures/demo/2016/assessments.csv"),
    ),
    (
        "2016/climate.csv",
        include_bytes!("../fixtures/demo/2016/climate.csv"),
    ),
    (
        "2016/cohort.csv",
        include_bytes!("../fixtures/demo/2016/cohort.csv"),
    ),
    (
        "2016/schools.csv",
        include_bytes!("../fixtures/demo/2016/schools.csv"),
    ),
    (
        "2016/sel.csv",
        include_bytes!("../fixtures/demo/2016/sel.csv"),
    ),
    (
        "2016/students.csv",
        include_bytes!("../fixtures/demo/2016/students.csv"),
    ),
];

/// The demo data, written into a temporary folder that lives as long as the value.
pub(crate) fn materialize() -> anyhow::Result<TempFolder> {
    let folder = TempFolder::new("demo")?;
    for (place, bytes) in FILES {
        folder.write(place, bytes)?;
    }
    Ok(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in list is exactly the files of `fixtures/demo`, byte for byte, so a file
    /// added to or changed in the demo data cannot be forgotten here.
    #[test]
    fn built_in_demo_matches_the_fixture_folder() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo");
        let mut on_disk = Vec::new();
        for year in std::fs::read_dir(&root).unwrap() {
            let path = year.unwrap().path();
            if path.is_dir() {
                for file in std::fs::read_dir(&path).unwrap() {
                    let file = file.unwrap().path();
                    on_disk.push(file.strip_prefix(&root).unwrap().display().to_string());
                }
            } else {
                on_disk.push(path.strip_prefix(&root).unwrap().display().to_string());
            }
        }
        on_disk.sort();
        let mut built_in: Vec<String> = FILES.iter().map(|(p, _)| p.to_string()).collect();
        built_in.sort();
        assert_eq!(built_in, on_disk);
        for (place, bytes) in FILES {
            assert_eq!(std::fs::read(root.join(place)).unwrap(), *bytes, "{place}");
        }
    }
}
