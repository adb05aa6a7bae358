//! HMAC-SHA256, streamed over the body, and the one constant-time comparison
//! every signature check goes through.

use std::io::{self, Read};

use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// An HMAC-SHA256 output.
pub type Mac = [u8; 32];

type HmacSha256 = Hmac<Sha256>;

/// How many bytes are read from the body at a time.
pub const READ_CHUNK: usize = 64 * 1024;

/// HMAC-SHA256 of the concatenation of `parts` under `key`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Mac {
    let mut mac = new_mac(key);
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn new_mac(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length (long ones are hashed first), so this
    // cannot fail; the fallback only satisfies the type.
    HmacSha256::new_from_slice(key).unwrap_or_else(|_| HmacSha256::new(&Default::default()))
}

/// Streams `prefix` then everything `body` yields through one HMAC per key,
/// reading the body once. Each chunk is also handed to `observe` (used to
/// keep a bounded copy for diagnostics). Returns the MACs, in key order, and
/// the body's length.
pub fn stream_hmacs(
    keys: &[&[u8]],
    prefix: &[u8],
    body: &mut dyn Read,
    observe: &mut dyn FnMut(&[u8]),
) -> io::Result<(Vec<Mac>, u64)> {
    let mut macs: Vec<HmacSha256> = keys.iter().map(|key| new_mac(key)).collect();
    for mac in &mut macs {
        mac.update(prefix);
    }
    let mut buf = vec![0u8; READ_CHUNK];
    let mut len = 0u64;
    loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let chunk = &buf[..n];
        for mac in &mut macs {
            mac.update(chunk);
        }
        observe(chunk);
        len += n as u64;
    }
    let macs = macs
        .into_iter()
        .map(|mac| mac.finalize().into_bytes().into())
        .collect();
    Ok((macs, len))
}

/// Compares two byte strings in time that depends only on their lengths.
/// This is the only place hooksig compares signatures.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231, section 4: HMAC-SHA256 test cases 1-4, 6 and 7
    /// (case 5 truncates the output, which no webhook scheme does).
    macro_rules! rfc4231 {
        ($($name:ident: $key:expr, $data:expr, $mac:literal;)*) => {$(
            #[test]
            fn $name() {
                let key: Vec<u8> = $key;
                let data: Vec<u8> = $data;
                assert_eq!(hex::encode(hmac_sha256(&key, &[&data])), $mac);
                // The same bytes streamed in pieces give the same MAC.
                let (split_at, _) = (data.len() / 3, ());
                let mut body = &data[split_at..];
                let (macs, len) =
                    stream_hmacs(&[&key], &data[..split_at], &mut body, &mut |_| {}).unwrap();
                assert_eq!(hex::encode(macs[0]), $mac);
                assert_eq!(len as usize, data.len() - split_at);
            }
        )*};
    }

    rfc4231! {
        rfc4231_case_1: vec![0x0b; 20], b"Hi There".to_vec(),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";
        rfc4231_case_2: b"Jefe".to_vec(), b"what do ya want for nothing?".to_vec(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        rfc4231_case_3: vec![0xaa; 20], vec![0xdd; 50],
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe";
        rfc4231_case_4: (1..=25).collect(), vec![0xcd; 50],
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b";
        rfc4231_case_6: vec![0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";
        rfc4231_case_7: vec![0xaa; 131],
            b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2";
    }

    #[test]
    fn streaming_many_keys_reads_the_body_once() {
        let body = vec![7u8; 3 * READ_CHUNK + 5];
        let mut seen = 0usize;
        let (macs, len) = stream_hmacs(&[b"a", b"b"], b"p.", &mut &body[..], &mut |c| {
            seen += c.len()
        })
        .unwrap();
        assert_eq!(len as usize, body.len());
        assert_eq!(seen, body.len());
        assert_eq!(macs[0], hmac_sha256(b"a", &[b"p.", &body]));
        assert_eq!(macs[1], hmac_sha256(b"b", &[b"p.", &body]));
    }

    #[test]
    fn constant_time_eq_compares_bytes_and_lengths() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(constant_time_eq(b"", b""));
    }
}
