//! Tests on DEX files built here byte by byte (so each check has a file that trips it) and on the sample's.

use super::*;

/// Writes a minimal well-formed DEX: the given strings (sorted by the caller), types (string indices),
/// one proto `()V`, methods (class type, name string) and class_defs (type indices).
pub(crate) fn build(version: &str, strings: &[&str], types: &[u32], methods: &[(u16, u32)], classes: &[u32]) -> Vec<u8> {
    let header_size = if version == "041" { HEADER_SIZE_V41 } else { HEADER_SIZE };
    let mut out = vec![0u8; header_size];
    let put = |out: &mut Vec<u8>, at: usize, v: u32| out[at..at + 4].copy_from_slice(&v.to_le_bytes());
    let align = |out: &mut Vec<u8>| {
        while !out.len().is_multiple_of(4) {
            out.push(0)
        }
    };
    let mut map: Vec<(u16, u32, u32)> = vec![(TYPE_HEADER_ITEM, 1, 0)];
    let string_ids_off = out.len();
    out.resize(out.len() + strings.len() * 4, 0);
    let type_ids_off = out.len();
    for t in types {
        out.extend_from_slice(&t.to_le_bytes());
    }
    let proto_ids_off = out.len();
    // shorty "V" is expected to be string 0 when methods are present; return type = type 0.
    if !methods.is_empty() {
        out.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
    let method_ids_off = out.len();
    for (class, name) in methods {
        out.extend_from_slice(&class.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&name.to_le_bytes());
    }
    let class_defs_off = out.len();
    for c in classes {
        let mut item = [0u8; 32];
        item[0..4].copy_from_slice(&c.to_le_bytes());
        item[8..12].copy_from_slice(&NO_INDEX.to_le_bytes());
        item[16..20].copy_from_slice(&NO_INDEX.to_le_bytes());
        out.extend_from_slice(&item);
    }
    let data_off = out.len();
    for (i, s) in strings.iter().enumerate() {
        let off = out.len() as u32;
        put(&mut out, string_ids_off + i * 4, off);
        out.push(s.encode_utf16().count() as u8);
        out.extend_from_slice(s.as_bytes());
        out.push(0);
    }
    align(&mut out);
    let map_off = out.len();
    let mut add = |kind, count: usize, off: usize| {
        if count > 0 {
            map.push((kind, count as u32, off as u32))
        }
    };
    add(TYPE_STRING_ID_ITEM, strings.len(), string_ids_off);
    add(TYPE_TYPE_ID_ITEM, types.len(), type_ids_off);
    add(TYPE_PROTO_ID_ITEM, usize::from(!methods.is_empty()), proto_ids_off);
    add(TYPE_METHOD_ID_ITEM, methods.len(), method_ids_off);
    add(TYPE_CLASS_DEF_ITEM, classes.len(), class_defs_off);
    map.push((TYPE_MAP_LIST, 1, map_off as u32));
    out.extend_from_slice(&(map.len() as u32).to_le_bytes());
    for (kind, count, off) in &map {
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&off.to_le_bytes());
    }
    let file_size = out.len();
    out[0..8].copy_from_slice(format!("dex\n{version}\0").as_bytes());
    put(&mut out, FILE_SIZE, file_size as u32);
    put(&mut out, HEADER_SIZE_FIELD, header_size as u32);
    put(&mut out, ENDIAN_TAG, ENDIAN_CONSTANT);
    put(&mut out, MAP_OFF, map_off as u32);
    let sections = [
        (STRING_IDS_SIZE, strings.len(), string_ids_off),
        (TYPE_IDS_SIZE, types.len(), type_ids_off),
        (PROTO_IDS_SIZE, usize::from(!methods.is_empty()), proto_ids_off),
        (METHOD_IDS_SIZE, methods.len(), method_ids_off),
        (CLASS_DEFS_SIZE, classes.len(), class_defs_off),
    ];
    for (at, count, off) in sections {
        put(&mut out, at, count as u32);
        put(&mut out, at + 4, if count > 0 { off as u32 } else { 0 });
    }
    put(&mut out, 0x68, (file_size - data_off) as u32);
    put(&mut out, 0x6c, data_off as u32);
    if version == "041" {
        put(&mut out, CONTAINER_SIZE, file_size as u32);
        put(&mut out, HEADER_OFFSET, 0);
    }
    out
}

fn small(version: &str) -> Vec<u8> {
    build(
        version,
        &["Landroid/content/ClipboardManager;", "Lcom/example/Main;", "V", "getPrimaryClip", "https://example.org/x"],
        &[0, 1, 2],
        &[(0, 3)],
        &[1],
    )
}

#[test]
fn reads_every_table_of_every_version() {
    for version in ["035", "037", "038", "039", "040", "041"] {
        let bytes = small(version);
        let dex = parse(&bytes).unwrap_or_else(|e| panic!("{version}: {e}"));
        assert_eq!(dex.version, version.parse::<u16>().unwrap());
        assert_eq!((dex.string_count(), dex.type_count(), dex.method_count(), dex.class_count()), (5, 3, 1, 1));
        let classes: Vec<_> = dex.class_descriptors().collect::<Result<_>>().unwrap();
        assert_eq!(classes, vec![b"Lcom/example/Main;".as_slice()]);
        let (class, name) = dex.method_ref(0).unwrap();
        assert_eq!((class, name), (b"Landroid/content/ClipboardManager;".as_slice(), b"getPrimaryClip".as_slice()));
        assert_eq!(dex.string(4).unwrap(), b"https://example.org/x");
        assert!(dex.string(5).is_err());
        assert!(!dex.more_in_container);
    }
}

#[test]
fn refuses_what_is_not_dex_or_not_android() {
    let good = small("035");
    let mut v = good.clone();
    v[0] = b'D';
    assert!(parse(&v).is_err());
    let mut v = good.clone();
    v[4..7].copy_from_slice(b"099");
    assert_eq!(parse(&v).unwrap_err().kind, crate::analysis::ErrorKind::Unsupported);
    let mut v = good.clone();
    v[ENDIAN_TAG..ENDIAN_TAG + 4].copy_from_slice(&REVERSE_ENDIAN_CONSTANT.to_le_bytes());
    assert_eq!(parse(&v).unwrap_err().kind, crate::analysis::ErrorKind::Unsupported);
    let mut v = good.clone();
    v[HEADER_SIZE_FIELD] = 0x78;
    assert!(parse(&v).is_err(), "a 035 header must be 0x70 bytes");
}

#[test]
fn a_table_past_the_end_or_disagreeing_with_the_map_is_malformed() {
    let good = small("035");
    let mut v = good.clone();
    v[METHOD_IDS_SIZE..METHOD_IDS_SIZE + 4].copy_from_slice(&100_000u32.to_le_bytes());
    let e = parse(&v).unwrap_err();
    assert!(e.message.contains("method_ids"), "{e}");
    // Two methods fit (the class_defs follow) but the map still says one.
    let mut v = good.clone();
    v[METHOD_IDS_SIZE..METHOD_IDS_SIZE + 4].copy_from_slice(&2u32.to_le_bytes());
    let e = parse(&v).unwrap_err();
    assert!(e.message.contains("disagrees"), "{e}");
    let mut v = good.clone();
    v[MAP_OFF..MAP_OFF + 4].copy_from_slice(&2u32.to_le_bytes());
    assert!(parse(&v).is_err());
    let mut v = good.clone();
    v[FILE_SIZE..FILE_SIZE + 4].copy_from_slice(&(good.len() as u32 + 1).to_le_bytes());
    assert!(parse(&v).is_err());
}

#[test]
fn a_string_without_nul_or_with_a_long_length_is_an_error_not_a_panic() {
    let good = small("035");
    let dex = parse(&good).unwrap();
    let off = u32_at(&good, dex.string_ids.off + 4 * 4, PART).unwrap() as usize;
    let mut v = good.clone();
    v[off..off + 5].copy_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x80]);
    assert!(parse(&v).unwrap().string(4).is_err());
}

#[test]
fn every_truncation_and_many_byte_flips_never_panic() {
    let good = small("039");
    let walk = |bytes: &[u8]| {
        if let Ok(dex) = parse(bytes) {
            for s in dex.strings() {
                let _ = s.map(mutf8::decode);
            }
            for c in dex.class_descriptors() {
                let _ = c;
            }
            for i in 0..dex.method_count() {
                let _ = dex.method_ref(i);
            }
            for i in 0..dex.proto_count() {
                let _ = dex.proto(i);
            }
            for i in 0..dex.field_count() {
                let _ = dex.field(i);
            }
        }
    };
    for len in 0..good.len() {
        walk(&good[..len]);
    }
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..20_000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut v = good.clone();
        let at = (seed as usize) % v.len();
        v[at] = (seed >> 32) as u8;
        walk(&v);
    }
}

#[test]
fn java_names_for_people() {
    assert_eq!(java_name("Lcom/example/Foo$Bar;"), "com.example.Foo$Bar");
    assert_eq!(java_name("[I"), "[I");
}

#[test]
fn the_string_region_maps_every_position_back_to_its_string() {
    let bytes = small("035");
    let dex = parse(&bytes).unwrap();
    let (start, region) = dex.string_region().expect("strings in order");
    for i in 0..dex.string_count() {
        let s = dex.string(i).unwrap();
        let at = s.as_ptr() as usize - bytes.as_ptr() as usize;
        assert!(at >= start && at + s.len() <= start + region.len(), "string {i} inside the region");
        for pos in at..at + s.len() {
            assert_eq!(dex.string_before(pos), Some(i));
        }
    }
    assert_eq!(dex.string_before(start - 1), None, "before the first string");
    // Two string ids swapped: the offsets no longer increase, so there is no region to search at once.
    let mut swapped = bytes.clone();
    let ids = HEADER_SIZE;
    let (a, b) = (swapped[ids..ids + 4].to_vec(), swapped[ids + 4..ids + 8].to_vec());
    swapped[ids..ids + 4].copy_from_slice(&b);
    swapped[ids + 4..ids + 8].copy_from_slice(&a);
    assert!(parse(&swapped).unwrap().string_region().is_none());
}
