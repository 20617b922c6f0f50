//! Files a vendor may read at any moment: written whole or not at all (a temporary file in the
//! same folder, synced, then renamed over the name), so a vendor's pick-up never sees half a PO.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::connector::ConnectorError;

fn io(what: &str, path: &Path, e: std::io::Error) -> ConnectorError {
    // A folder that is missing or not writable is set-up, not something a retry fixes.
    ConnectorError::Config(format!("{what} `{}`: {e}", path.display()))
}

/// Writes `bytes` to `path` atomically: readers see the old file or the new one, never a part.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ConnectorError> {
    let dir = path
        .parent()
        .ok_or_else(|| ConnectorError::Config(format!("`{}` has no folder", path.display())))?;
    fs::create_dir_all(dir).map_err(|e| io("creating the folder", dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A dot-name vendors' pick-up patterns (`*.csv`) do not match.
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(io("writing", path, e));
    }
    Ok(())
}

/// `path`'s bytes, or `None` when there is no such file.
pub(crate) fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, ConnectorError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io("reading", path, e)),
    }
}

pub(crate) fn remove_if_exists(path: &Path) -> Result<bool, ConnectorError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io("removing", path, e)),
    }
}

/// The `.csv` files in `dir`, by name; none when the folder does not exist.
pub(crate) fn csv_files(dir: &Path) -> Result<Vec<PathBuf>, ConnectorError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io("listing", dir, e)),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv"))
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("po").join("PO-1.csv");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["PO-1.csv"]);
        assert_eq!(csv_files(dir.path()).unwrap(), Vec::<PathBuf>::new());
        assert_eq!(csv_files(path.parent().unwrap()).unwrap(), [path]);
    }
}
