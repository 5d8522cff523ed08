//! aapt2's protobuf resource table (`ResourceTable` in Resources.proto), as App Bundles store it in
//! `<module>/resources.pb`. Indexed into (resource id → values per configuration) for the same lookups the
//! binary `resources.arsc` serves. Handles both generations of the format: ids as plain varints (early
//! bundletool) or wrapped in `PackageId`/`TypeId`/`EntryId` messages, and the config as a binary
//! `ResTable_config` or a `Configuration` message.

use std::collections::BTreeMap;

use super::xml::item;
use crate::analysis::arsc::config::Config;
use crate::analysis::arsc::{ConfigValue, ResourceLookup};
use crate::analysis::error::{Error, Result};
use crate::analysis::protobuf::{field, fields, FieldValue};

/// Bundles of the largest apps hold a few hundred thousand values; this bound only stops absurd tables.
const MAX_VALUES: usize = 2_000_000;

#[derive(Default)]
pub struct ProtoTable {
    values: BTreeMap<u32, Vec<ConfigValue>>,
    configs: Vec<Config>,
}

/// An id field that is a varint in old tables and a `{ uint32 id = 1 }` message in new ones.
fn id_of(value: FieldValue<'_>) -> (Option<u32>, bool) {
    match value {
        FieldValue::Varint(v) => (u32::try_from(v).ok(), false),
        FieldValue::Bytes(m) => (field(m, 1).and_then(FieldValue::as_u64).and_then(|v| u32::try_from(v).ok()).or(Some(0)), true),
        _ => (None, false),
    }
}

impl ProtoTable {
    pub fn parse(data: &[u8]) -> Result<Self> {
        let mut table = Self::default();
        let mut count = 0usize;
        for item in fields(data) {
            let (number, value) = item?;
            let (2, Some(package)) = (number, value.as_bytes()) else { continue };
            let mut package_id = 0x7f;
            for (n, v) in fields(package).filter_map(std::result::Result::ok) {
                match n {
                    1 => package_id = id_of(v).0.unwrap_or(0x7f),
                    3 => table.read_type(package_id, v.as_bytes().unwrap_or_default(), &mut count)?,
                    _ => {}
                }
            }
        }
        table.configs.sort_by(|a, b| a.locale_tag().cmp(&b.locale_tag()).then(a.density.cmp(&b.density)));
        table.configs.dedup();
        Ok(table)
    }

    fn read_type(&mut self, package_id: u32, msg: &[u8], count: &mut usize) -> Result<()> {
        let type_id = field(msg, 1).and_then(|v| id_of(v).0).unwrap_or(0);
        for (n, entry) in fields(msg).filter_map(std::result::Result::ok) {
            let (3, Some(entry)) = (n, entry.as_bytes()) else { continue };
            let (entry_id, new_format) = field(entry, 1).map(id_of).unwrap_or((Some(0), false));
            let id = (package_id << 24) | ((type_id & 0xff) << 16) | (entry_id.unwrap_or(0) & 0xffff);
            // config_value is field 4 in the first format and field 6 in the current one.
            let config_field = if new_format { 6 } else { 4 };
            for (k, cv) in fields(entry).filter_map(std::result::Result::ok) {
                let (true, Some(cv)) = (k == config_field, cv.as_bytes()) else { continue };
                *count += 1;
                if *count > MAX_VALUES {
                    return Err(Error::limit("resources.pb", format!("more than {MAX_VALUES} values")));
                }
                let config = field(cv, 1).and_then(FieldValue::as_bytes).map(config_of).unwrap_or_default();
                let value = field(cv, 2)
                    .and_then(FieldValue::as_bytes)
                    .and_then(|v| field(v, 4))
                    .and_then(FieldValue::as_bytes)
                    .map(item);
                if let Some(value) = value {
                    self.configs.push(config.clone());
                    self.values.entry(id).or_default().push(ConfigValue { config, value });
                }
            }
        }
        Ok(())
    }
}

/// `Configuration` (locale = 3 as BCP-47 text, density = 18), or the first format's binary `ResTable_config`.
fn config_of(msg: &[u8]) -> Config {
    if let Some(binary) = field(msg, 1).and_then(FieldValue::as_bytes) {
        if binary.len() >= 28 {
            return Config::parse(binary);
        }
    }
    let locale = field(msg, 3).and_then(FieldValue::as_str).unwrap_or_default();
    let mut config = Config::from_bcp47(&locale);
    config.density = field(msg, 18).and_then(FieldValue::as_u64).and_then(|d| u16::try_from(d).ok()).unwrap_or(0);
    config
}

impl ResourceLookup for ProtoTable {
    fn values(&self, id: u32) -> Vec<ConfigValue> {
        self.values.get(&id).cloned().unwrap_or_default()
    }
    fn configs(&self) -> Vec<Config> {
        self.configs.clone()
    }
}
