//! One entry of an account-wide table (a pipeline's settings, a team, a
//! space) being planned: [`Top`] records its changes and the steps that
//! carry them out, addressed by the table and the entry's key. A leaf of
//! the planners of those tables. Pure.

use super::{Action, Address, Change, Plan, Planned, Section, Table};
use crate::secret::Text;

/// Records the changes and steps of one entry of a table.
pub(crate) struct Top<'p> {
    pub table: Table,
    pub key: &'p str,
    pub out: &'p mut Plan,
}

impl Top<'_> {
    pub fn address(&self, section: Section, key: Option<&str>) -> Address {
        Address {
            table: self.table,
            app: self.key.to_string(),
            section,
            key: key.map(str::to_string),
        }
    }

    /// Records a change.
    pub fn change(
        &mut self,
        section: Section,
        key: Option<&str>,
        action: Action,
        values: (Option<Text>, Option<Text>),
    ) -> &mut Change {
        let address = self.address(section, key);
        self.out.changes.push(Change {
            address,
            action,
            before: values.0,
            after: values.1,
            why: None,
            destroys: None,
        });
        self.out.changes.last_mut().expect("just pushed")
    }

    /// Records a step carrying out the changes at `address`.
    pub fn step(&mut self, step: super::Step, address: Address) {
        self.out.steps.push(Planned {
            step,
            change: address,
        });
    }
}

pub(crate) fn plain(s: &str) -> Option<Text> {
    Some(Text::Plain(s.to_string()))
}
