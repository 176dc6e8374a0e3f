//! A table of the files' tree: its keys in order, each with where it was
//! written and its value, kept in one sorted vector. Most tables of a
//! configuration are small (an add-on, a formation entry, a collaborator),
//! and a B-tree gives each at least a whole node: at 2,000 apps that was
//! half of the memory of loading the files. Lookups are binary searches;
//! a table is built by collecting its entries and sorting them once.
//! Only a container: no I/O, no rules of the files.

use super::tree::Entry;

/// A table: entries by key, in key order, each key once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    entries: Vec<(String, Entry)>,
}

impl Table {
    /// An empty table.
    pub fn new() -> Table {
        Table::default()
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The entry under `key`.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// The entry under `key`, to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    /// Whether `key` is in the table.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Puts `entry` under `key`; the entry it replaces, if any.
    pub fn insert(&mut self, key: String, entry: Entry) -> Option<Entry> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, entry)),
            Err(i) => {
                self.entries.insert(i, (key, entry));
                None
            }
        }
    }

    /// Takes the entry under `key` out.
    pub fn remove(&mut self, key: &str) -> Option<Entry> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// Takes the entry under `key` out, with its key.
    pub fn remove_entry(&mut self, key: &str) -> Option<(String, Entry)> {
        self.find(key).ok().map(|i| self.entries.remove(i))
    }

    /// Keeps the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut Entry) -> bool) {
        self.entries.retain_mut(|(k, e)| keep(k, e));
    }

    /// The entries, in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &Entry)> + ExactSizeIterator {
        self.entries.iter().map(|(k, e)| (k, e))
    }

    /// The entries, in key order, to change them.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Entry)> {
        self.entries.iter_mut().map(|(k, e)| (&*k, e))
    }

    /// The keys, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The entries' values, in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Entry> + ExactSizeIterator {
        self.entries.iter().map(|(_, e)| e)
    }

    /// The entries' values, in key order, to change them.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Entry> {
        self.entries.iter_mut().map(|(_, e)| e)
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries of both tables, in one pass: of a key in both, what
    /// `both` makes of this table's entry and `other`'s.
    pub fn union(self, other: Table, mut both: impl FnMut(Entry, Entry) -> Entry) -> Table {
        let mut out = Vec::with_capacity(self.entries.len() + other.entries.len());
        let mut a = self.entries.into_iter().peekable();
        let mut b = other.entries.into_iter().peekable();
        loop {
            let order = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.0.cmp(&y.0),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => break,
            };
            match order {
                std::cmp::Ordering::Less => out.extend(a.next()),
                std::cmp::Ordering::Greater => out.extend(b.next()),
                std::cmp::Ordering::Equal => {
                    if let (Some((k, x)), Some((_, y))) = (a.next(), b.next()) {
                        out.push((k, both(x, y)));
                    }
                }
            }
        }
        Table { entries: out }
    }

    /// The first entry, by key.
    pub fn first_key_value(&self) -> Option<(&String, &Entry)> {
        self.entries.first().map(|(k, e)| (k, e))
    }
}

impl std::ops::Index<&str> for Table {
    type Output = Entry;

    /// The entry under `key`; panics when there is none (as a map does).
    fn index(&self, key: &str) -> &Entry {
        self.get(key).expect("no entry under this key")
    }
}

impl FromIterator<(String, Entry)> for Table {
    /// The table of `entries`, sorted once; of a key given twice, the last.
    fn from_iter<I: IntoIterator<Item = (String, Entry)>>(entries: I) -> Table {
        let mut entries: Vec<(String, Entry)> = entries.into_iter().collect();
        // Stable: of equal keys the last given stays last, and is kept.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(String, Entry)> = Vec::with_capacity(entries.len());
        for (k, e) in entries {
            match out.last_mut() {
                Some(last) if last.0 == k => last.1 = e,
                _ => out.push((k, e)),
            }
        }
        Table { entries: out }
    }
}

impl IntoIterator for Table {
    type Item = (String, Entry);
    type IntoIter = std::vec::IntoIter<(String, Entry)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a> IntoIterator for &'a Table {
    type Item = (&'a String, &'a Entry);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Entry)>,
        fn(&'a (String, Entry)) -> (&'a String, &'a Entry),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, e)| (k, e))
    }
}
