//! Aligning a column of text, for output where a second column (an origin, a
//! description) follows the first.
//!
//! Pure. Rust's own `{:width$}` panics past 65,535 columns, and a single
//! long value would push every other line as far right: the alignment here is
//! capped, and a cell wider than the cap is followed directly by the gap.

/// The widest first column that is padded; wider cells are not.
pub const MAX_ALIGN: usize = 120;

/// The column width for `cells` (their widest, in characters, up to
/// [`MAX_ALIGN`]).
pub fn width<'a>(cells: impl IntoIterator<Item = &'a str>) -> usize {
    cells
        .into_iter()
        .map(|c| c.chars().count())
        .filter(|&w| w <= MAX_ALIGN)
        .max()
        .unwrap_or(0)
}

/// `cell` padded with spaces to `width` characters (never cut).
pub fn pad(cell: &str, width: usize) -> String {
    let len = cell.chars().count();
    let mut out = String::with_capacity(cell.len() + width.saturating_sub(len));
    out.push_str(cell);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(len)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_the_widest_cell_within_the_cap() {
        let cells = ["a", "abc", &"x".repeat(70_000)];
        let w = width(cells.iter().copied());
        assert_eq!(w, 3);
        assert_eq!(pad("a", w), "a  ");
        assert_eq!(pad(&"x".repeat(70_000), w).len(), 70_000);
        assert_eq!(pad("é", 2), "é ");
    }
}
