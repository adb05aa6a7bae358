//! Header names spoiled by characters that look like ASCII: a header
//! pasted from a chat, a word processor or a web page arrives as
//! `Fintoc‐Signature` (U+2010 HYPHEN), with a Cyrillic `е`, or with a
//! no-break space before the colon. A header name is ASCII only, so such a
//! line is refused, naming the character, where it is, and the name as it
//! should be typed.

/// What a look-alike character stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Twin {
    /// It looks like this ASCII character.
    Ascii(char),
    /// It looks like a space (it cannot be part of a name: remove it).
    Space,
    /// It cannot be seen at all (remove it).
    Invisible,
}

/// Characters seen in pasted header names, their Unicode names and what
/// they look like.
const LOOKALIKES: &[(char, &str, Twin)] = &[
    ('\u{00A0}', "NO-BREAK SPACE", Twin::Space),
    ('\u{00AD}', "SOFT HYPHEN", Twin::Invisible),
    ('\u{02D7}', "MODIFIER LETTER MINUS SIGN", Twin::Ascii('-')),
    ('\u{058A}', "ARMENIAN HYPHEN", Twin::Ascii('-')),
    ('\u{2002}', "EN SPACE", Twin::Space),
    ('\u{2003}', "EM SPACE", Twin::Space),
    ('\u{2007}', "FIGURE SPACE", Twin::Space),
    ('\u{2009}', "THIN SPACE", Twin::Space),
    ('\u{200B}', "ZERO WIDTH SPACE", Twin::Invisible),
    ('\u{200C}', "ZERO WIDTH NON-JOINER", Twin::Invisible),
    ('\u{200D}', "ZERO WIDTH JOINER", Twin::Invisible),
    ('\u{2010}', "HYPHEN", Twin::Ascii('-')),
    ('\u{2011}', "NON-BREAKING HYPHEN", Twin::Ascii('-')),
    ('\u{2012}', "FIGURE DASH", Twin::Ascii('-')),
    ('\u{2013}', "EN DASH", Twin::Ascii('-')),
    ('\u{2014}', "EM DASH", Twin::Ascii('-')),
    ('\u{2015}', "HORIZONTAL BAR", Twin::Ascii('-')),
    ('\u{2043}', "HYPHEN BULLET", Twin::Ascii('-')),
    ('\u{202F}', "NARROW NO-BREAK SPACE", Twin::Space),
    ('\u{2060}', "WORD JOINER", Twin::Invisible),
    ('\u{2212}', "MINUS SIGN", Twin::Ascii('-')),
    ('\u{3000}', "IDEOGRAPHIC SPACE", Twin::Space),
    ('\u{FE63}', "SMALL HYPHEN-MINUS", Twin::Ascii('-')),
    (
        '\u{FEFF}',
        "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
        Twin::Invisible,
    ),
    ('\u{FF0D}', "FULLWIDTH HYPHEN-MINUS", Twin::Ascii('-')),
    ('\u{FF3F}', "FULLWIDTH LOW LINE", Twin::Ascii('_')),
    ('\u{0391}', "GREEK CAPITAL LETTER ALPHA", Twin::Ascii('A')),
    ('\u{0392}', "GREEK CAPITAL LETTER BETA", Twin::Ascii('B')),
    ('\u{0395}', "GREEK CAPITAL LETTER EPSILON", Twin::Ascii('E')),
    ('\u{0396}', "GREEK CAPITAL LETTER ZETA", Twin::Ascii('Z')),
    ('\u{0397}', "GREEK CAPITAL LETTER ETA", Twin::Ascii('H')),
    ('\u{0399}', "GREEK CAPITAL LETTER IOTA", Twin::Ascii('I')),
    ('\u{039A}', "GREEK CAPITAL LETTER KAPPA", Twin::Ascii('K')),
    ('\u{039C}', "GREEK CAPITAL LETTER MU", Twin::Ascii('M')),
    ('\u{039D}', "GREEK CAPITAL LETTER NU", Twin::Ascii('N')),
    ('\u{039F}', "GREEK CAPITAL LETTER OMICRON", Twin::Ascii('O')),
    ('\u{03A1}', "GREEK CAPITAL LETTER RHO", Twin::Ascii('P')),
    ('\u{03A4}', "GREEK CAPITAL LETTER TAU", Twin::Ascii('T')),
    ('\u{03A5}', "GREEK CAPITAL LETTER UPSILON", Twin::Ascii('Y')),
    ('\u{03A7}', "GREEK CAPITAL LETTER CHI", Twin::Ascii('X')),
    ('\u{03BF}', "GREEK SMALL LETTER OMICRON", Twin::Ascii('o')),
    ('\u{0405}', "CYRILLIC CAPITAL LETTER DZE", Twin::Ascii('S')),
    (
        '\u{0406}',
        "CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I",
        Twin::Ascii('I'),
    ),
    ('\u{0408}', "CYRILLIC CAPITAL LETTER JE", Twin::Ascii('J')),
    ('\u{0410}', "CYRILLIC CAPITAL LETTER A", Twin::Ascii('A')),
    ('\u{0412}', "CYRILLIC CAPITAL LETTER VE", Twin::Ascii('B')),
    ('\u{0415}', "CYRILLIC CAPITAL LETTER IE", Twin::Ascii('E')),
    ('\u{041A}', "CYRILLIC CAPITAL LETTER KA", Twin::Ascii('K')),
    ('\u{041C}', "CYRILLIC CAPITAL LETTER EM", Twin::Ascii('M')),
    ('\u{041D}', "CYRILLIC CAPITAL LETTER EN", Twin::Ascii('H')),
    ('\u{041E}', "CYRILLIC CAPITAL LETTER O", Twin::Ascii('O')),
    ('\u{0420}', "CYRILLIC CAPITAL LETTER ER", Twin::Ascii('P')),
    ('\u{0421}', "CYRILLIC CAPITAL LETTER ES", Twin::Ascii('C')),
    ('\u{0422}', "CYRILLIC CAPITAL LETTER TE", Twin::Ascii('T')),
    ('\u{0425}', "CYRILLIC CAPITAL LETTER HA", Twin::Ascii('X')),
    ('\u{0430}', "CYRILLIC SMALL LETTER A", Twin::Ascii('a')),
    ('\u{0435}', "CYRILLIC SMALL LETTER IE", Twin::Ascii('e')),
    ('\u{043E}', "CYRILLIC SMALL LETTER O", Twin::Ascii('o')),
    ('\u{0440}', "CYRILLIC SMALL LETTER ER", Twin::Ascii('p')),
    ('\u{0441}', "CYRILLIC SMALL LETTER ES", Twin::Ascii('c')),
    ('\u{0443}', "CYRILLIC SMALL LETTER U", Twin::Ascii('y')),
    ('\u{0445}', "CYRILLIC SMALL LETTER HA", Twin::Ascii('x')),
    ('\u{0455}', "CYRILLIC SMALL LETTER DZE", Twin::Ascii('s')),
    (
        '\u{0456}',
        "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I",
        Twin::Ascii('i'),
    ),
    ('\u{0458}', "CYRILLIC SMALL LETTER JE", Twin::Ascii('j')),
    ('\u{04BB}', "CYRILLIC SMALL LETTER SHHA", Twin::Ascii('h')),
    (
        '\u{0501}',
        "CYRILLIC SMALL LETTER KOMI DE",
        Twin::Ascii('d'),
    ),
];

/// A character's Unicode name and twin, when hooksig knows them.
fn known(c: char) -> Option<(String, Twin)> {
    if let Some((_, name, twin)) = LOOKALIKES.iter().find(|(l, _, _)| *l == c) {
        return Some(((*name).to_owned(), *twin));
    }
    // Fullwidth forms (U+FF01–U+FF5E) are ASCII shifted by 0xFEE0.
    let ascii = char::from_u32(u32::from(c).checked_sub(0xFEE0)?)?;
    let kind = match ascii {
        'A'..='Z' => "LATIN CAPITAL LETTER ",
        'a'..='z' => "LATIN SMALL LETTER ",
        '0'..='9' => "DIGIT ",
        _ => return None,
    };
    let letter = ascii.to_ascii_uppercase();
    let name = if ascii.is_ascii_digit() {
        const DIGITS: [&str; 10] = [
            "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
        ];
        let digit = DIGITS[usize::from(ascii as u8 - b'0')];
        format!("FULLWIDTH {kind}{digit}")
    } else {
        format!("FULLWIDTH {kind}{letter}")
    };
    Some((name, Twin::Ascii(ascii)))
}

/// When `name` (the text before a header line's first `:`, without its
/// surrounding spaces) would be a header name but for non-ASCII
/// characters, a sentence naming the first of them (its `U+` code, its
/// Unicode name when known, its 1-based position in the name) and, when
/// every such character is a known look-alike, the name typed in ASCII.
///
/// `None` when `name` has no non-ASCII character, has ASCII that no
/// header name holds (a space, `{`: that is no header name at all), or
/// holds U+FFFD REPLACEMENT CHARACTER (bytes that were not UTF-8, which
/// no code point names).
pub fn describe(name: &str) -> Option<String> {
    let name_char = |c: char| {
        c != char::REPLACEMENT_CHARACTER
            && (!c.is_ascii() || super::is_token(c.encode_utf8(&mut [0; 4])))
    };
    if name.is_ascii() || !name.chars().all(name_char) {
        return None;
    }
    let (index, first) = name.chars().enumerate().find(|(_, c)| !c.is_ascii())?;
    let what = match known(first) {
        Some((unicode_name, Twin::Ascii(ascii))) => format!(
            "U+{:04X} {unicode_name} at character {}, which looks like '{ascii}' but is not ASCII",
            u32::from(first),
            index + 1
        ),
        Some((unicode_name, Twin::Space)) => format!(
            "U+{:04X} {unicode_name} at character {}, which looks like a space but is not one",
            u32::from(first),
            index + 1
        ),
        Some((unicode_name, Twin::Invisible)) => format!(
            "U+{:04X} {unicode_name} at character {}, an invisible character",
            u32::from(first),
            index + 1
        ),
        None => format!(
            "U+{:04X} at character {}, which is not ASCII",
            u32::from(first),
            index + 1
        ),
    };
    let ascii: Option<String> = name
        .chars()
        .filter_map(|c| match c {
            c if c.is_ascii() => Some(Some(c)),
            c => match known(c) {
                Some((_, Twin::Ascii(ascii))) => Some(Some(ascii)),
                Some((_, Twin::Space | Twin::Invisible)) => None,
                None => Some(None),
            },
        })
        .collect();
    let fix = match ascii.filter(|a| super::is_token(a)) {
        Some(ascii) => format!("type the name as {ascii:?}"),
        None => "header names are ASCII letters, digits and '-': type the name again".to_owned(),
    };
    Some(format!("header name {name:?} has {what}: {fix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_lookalike_is_named_with_its_position_and_the_ascii_name() {
        assert_eq!(
            describe("Fintoc\u{2010}Signature").as_deref(),
            Some(
                "header name \"Fintoc\u{2010}Signature\" has U+2010 HYPHEN at character 7, which looks like '-' but is not ASCII: type the name as \"Fintoc-Signature\""
            )
        );
        let cases = [
            (
                "X-Signatur\u{0435}",
                "U+0435 CYRILLIC SMALL LETTER IE at character 11",
                "X-Signature",
            ),
            (
                "\u{0421}ontent-Type",
                "U+0421 CYRILLIC CAPITAL LETTER ES at character 1",
                "Content-Type",
            ),
            (
                "webhook\u{2013}id",
                "U+2013 EN DASH at character 8",
                "webhook-id",
            ),
            (
                "Fintoc-Signature\u{a0}",
                "U+00A0 NO-BREAK SPACE at character 17, which looks like a space",
                "Fintoc-Signature",
            ),
            (
                "\u{feff}X-A",
                "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte-order mark) at character 1, an invisible character",
                "X-A",
            ),
            (
                "X\u{200b}-A",
                "U+200B ZERO WIDTH SPACE at character 2",
                "X-A",
            ),
            (
                "\u{ff38}-A",
                "U+FF38 FULLWIDTH LATIN CAPITAL LETTER X at character 1",
                "X-A",
            ),
            (
                "X\u{ff11}",
                "U+FF11 FULLWIDTH DIGIT ONE at character 2",
                "X1",
            ),
            (
                "\u{039f}K",
                "U+039F GREEK CAPITAL LETTER OMICRON at character 1",
                "OK",
            ),
        ];
        for (name, what, ascii) in cases {
            let said = describe(name).unwrap();
            assert!(said.contains(what), "{said}");
            assert!(
                said.ends_with(&format!("type the name as {ascii:?}")),
                "{said}"
            );
        }
    }

    #[test]
    fn unknown_characters_get_their_code_and_no_guess() {
        let said = describe("Caf\u{e9}-Id").unwrap();
        assert!(
            said.contains("U+00E9 at character 4, which is not ASCII"),
            "{said}"
        );
        assert!(said.ends_with("type the name again"), "{said}");
        // Only invisible characters: no name is left to suggest.
        let said = describe("\u{200b}").unwrap();
        assert!(said.ends_with("type the name again"), "{said}");
    }

    #[test]
    fn valid_names_and_non_names_are_left_alone() {
        for text in [
            "Fintoc-Signature",
            "",
            "t=1,v1=ab",
            "{\"a\"",
            "bad name",
            "bad n\u{e9}me",
            "é x",
            "X-\u{fffd}",
        ] {
            assert_eq!(describe(text), None, "{text:?}");
        }
    }
}
