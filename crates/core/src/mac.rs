//! HMACs (SHA-1, SHA-256, SHA-512), streamed over the body, and the one
//! constant-time comparison every signature check goes through.

use std::io::{self, Read};
use std::sync::mpsc;
use std::thread;

use hmac::{Hmac, Mac as _};
use sha1::Sha1;
use sha2::{Sha256, Sha512};
use subtle::ConstantTimeEq;

/// A MAC, computed or received: 20 bytes (HMAC-SHA1), 32 (HMAC-SHA256) or
/// 64 (HMAC-SHA512).
pub type Mac = Vec<u8>;

/// The HMAC a scheme signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// HMAC-SHA1 (Intercom, Twilio): 20 bytes.
    HmacSha1,
    /// HMAC-SHA256, most schemes: 32 bytes.
    #[default]
    HmacSha256,
    /// HMAC-SHA512 (Paystack): 64 bytes.
    HmacSha512,
    /// No MAC: the header carries the secret itself (GitLab's
    /// `X-Gitlab-Token`). The "computed" value is the key, so the same
    /// streaming pass and the same [`constant_time_eq`] judge it.
    Token,
}

impl Algorithm {
    /// `hmac-sha1`, `hmac-sha256`, `hmac-sha512`: the names scheme files use.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::HmacSha1 => "hmac-sha1",
            Algorithm::HmacSha256 => "hmac-sha256",
            Algorithm::HmacSha512 => "hmac-sha512",
            Algorithm::Token => "token",
        }
    }

    /// `HMAC-SHA256`, for sentences.
    pub fn display_name(self) -> &'static str {
        match self {
            Algorithm::HmacSha1 => "HMAC-SHA1",
            Algorithm::HmacSha256 => "HMAC-SHA256",
            Algorithm::HmacSha512 => "HMAC-SHA512",
            Algorithm::Token => "token",
        }
    }

    /// The MAC's length in bytes; 0 for a token (as long as the secret).
    pub fn output_len(self) -> usize {
        match self {
            Algorithm::HmacSha1 => 20,
            Algorithm::HmacSha256 => 32,
            Algorithm::HmacSha512 => 64,
            Algorithm::Token => 0,
        }
    }
}

/// A running HMAC of one of the [`Algorithm`]s.
#[derive(Clone)]
enum Hasher {
    Sha1(Hmac<Sha1>),
    Sha256(Hmac<Sha256>),
    Sha512(Hmac<Sha512>),
    /// A token scheme's "MAC": the key itself; the body does not change it.
    Token(zeroize::Zeroizing<Vec<u8>>),
}

impl Hasher {
    fn new(algorithm: Algorithm, key: &[u8]) -> Self {
        // HMAC takes keys of any length (long ones are hashed first), so
        // new_from_slice cannot fail; the fallbacks only satisfy the type.
        match algorithm {
            Algorithm::HmacSha1 => Hasher::Sha1(
                Hmac::new_from_slice(key).unwrap_or_else(|_| Hmac::new(&Default::default())),
            ),
            Algorithm::HmacSha256 => Hasher::Sha256(
                Hmac::new_from_slice(key).unwrap_or_else(|_| Hmac::new(&Default::default())),
            ),
            Algorithm::HmacSha512 => Hasher::Sha512(
                Hmac::new_from_slice(key).unwrap_or_else(|_| Hmac::new(&Default::default())),
            ),
            Algorithm::Token => Hasher::Token(zeroize::Zeroizing::new(key.to_vec())),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Sha1(mac) => mac.update(bytes),
            Hasher::Sha256(mac) => mac.update(bytes),
            Hasher::Sha512(mac) => mac.update(bytes),
            Hasher::Token(_) => {}
        }
    }

    fn finalize(self) -> Mac {
        match self {
            Hasher::Sha1(mac) => mac.finalize().into_bytes().to_vec(),
            Hasher::Sha256(mac) => mac.finalize().into_bytes().to_vec(),
            Hasher::Sha512(mac) => mac.finalize().into_bytes().to_vec(),
            Hasher::Token(key) => key.to_vec(),
        }
    }
}

/// One MAC to compute over a body: its algorithm and key, and the bytes
/// signed before and after the body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Job<'a> {
    /// The HMAC.
    pub algorithm: Algorithm,
    /// The key.
    pub key: &'a [u8],
    /// Signed before the body.
    pub prefix: &'a [u8],
    /// Signed after the body.
    pub suffix: &'a [u8],
}

/// How many bytes are read at a time until more than [`READ_CHUNK`] bytes
/// have been read, on the calling thread. Most webhook bodies fit in one such
/// read; it fills a buffer that is never zero-filled first.
const FIRST_READ: usize = 64 * 1024;

/// How many bytes are read at a time once more than this many have been
/// read, while a second thread hashes. (1 MiB: the fewest hand-offs between
/// the threads, measured best among 16 KiB to 1 MiB; see BENCHMARKS.md.)
pub const READ_CHUNK: usize = 1024 * 1024;

/// How many chunks (of [`READ_CHUNK`] bytes) a large body may occupy at once:
/// one being read, one being hashed, one waiting. Memory stays constant
/// (peak RSS under 6 MiB for any body size).
const CHUNKS_IN_FLIGHT: usize = 3;

/// HMAC-SHA256 of the concatenation of `parts` under `key`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Mac {
    hmac(Algorithm::HmacSha256, key, parts)
}

/// The `algorithm` HMAC of the concatenation of `parts` under `key`.
pub fn hmac(algorithm: Algorithm, key: &[u8], parts: &[&[u8]]) -> Mac {
    let mut mac = Hasher::new(algorithm, key);
    for part in parts {
        mac.update(part);
    }
    mac.finalize()
}

#[cfg(test)]
fn new_mac(key: &[u8]) -> Hasher {
    Hasher::new(Algorithm::HmacSha256, key)
}

/// Streams `prefix` then everything `body` yields through one HMAC per key,
/// reading the body once. Each chunk is also handed to `observe` (used to
/// keep a bounded copy for diagnostics). Returns the MACs, in key order, and
/// the body's length.
///
/// A body of up to [`READ_CHUNK`] bytes is read and hashed on this thread,
/// [`FIRST_READ`] bytes at a time. Past that, the body is read on this
/// thread while another thread hashes it, so that copying the bytes in (from
/// the page cache or a pipe) overlaps hashing and the whole runs at about
/// SHA-256's own speed. Memory use is bounded by [`CHUNKS_IN_FLIGHT`] chunks
/// whatever the body's size.
#[cfg(test)]
pub(crate) fn stream_hmacs(
    keys: &[&[u8]],
    prefix: &[u8],
    body: &mut dyn Read,
    observe: &mut dyn FnMut(&[u8]),
    parallel: bool,
) -> io::Result<(Vec<Mac>, u64)> {
    let jobs: Vec<Job<'_>> = keys
        .iter()
        .map(|key| Job {
            algorithm: Algorithm::HmacSha256,
            key,
            prefix,
            suffix: &[],
        })
        .collect();
    stream_jobs(&jobs, body, observe, parallel)
}

/// [`stream_hmacs`] for any set of [`Job`]s: one MAC per job, in order,
/// over its prefix, the body and its suffix; the body is still read once.
/// (Keys differ per secret; copies of a signature header may sign different
/// timestamps; a scheme may sign bytes after the body.)
pub(crate) fn stream_jobs(
    jobs: &[Job<'_>],
    body: &mut dyn Read,
    observe: &mut dyn FnMut(&[u8]),
    parallel: bool,
) -> io::Result<(Vec<Mac>, u64)> {
    let mut macs: Vec<Hasher> = jobs
        .iter()
        .map(|job| {
            let mut mac = Hasher::new(job.algorithm, job.key);
            mac.update(job.prefix);
            mac
        })
        .collect();
    // read_to_end fills spare capacity directly, so the first (often only)
    // read needs no zero-filled buffer, and stops short only at the end; the
    // buffer is then full-length and initialised for the reads after it.
    let mut buf = Vec::with_capacity(FIRST_READ);
    Read::take(&mut *body, FIRST_READ as u64).read_to_end(&mut buf)?;
    let mut n = buf.len();
    let mut len = 0u64;
    loop {
        observe(&buf[..n]);
        update_all(&mut macs, &buf[..n]);
        len += n as u64;
        if n < FIRST_READ {
            break;
        }
        if len > READ_CHUNK as u64 {
            drop(buf);
            len += hash_rest(&mut macs, body, observe, parallel)?;
            break;
        }
        n = fill(body, &mut buf)?;
    }
    let macs = macs
        .into_iter()
        .zip(jobs)
        .map(|(mut mac, job)| {
            mac.update(job.suffix);
            mac.finalize()
        })
        .collect();
    Ok((macs, len))
}

fn update_all(macs: &mut [Hasher], chunk: &[u8]) {
    for mac in macs {
        mac.update(chunk);
    }
}

/// Hashes the rest of `body` (once more than [`READ_CHUNK`] bytes have been
/// read) and returns its length. When the rest is longer than one chunk, this
/// thread reads and observes while a scoped thread hashes (or, when no thread
/// can be started, hashes here too).
fn hash_rest(
    macs: &mut Vec<Hasher>,
    body: &mut dyn Read,
    observe: &mut dyn FnMut(&[u8]),
    parallel: bool,
) -> io::Result<u64> {
    let mut chunk = vec![0; READ_CHUNK];
    let mut n = fill(body, &mut chunk)?;
    observe(&chunk[..n]);
    if n < READ_CHUNK {
        update_all(macs, &chunk[..n]);
        return Ok(n as u64);
    }
    if !parallel {
        return hash_rest_here(macs, chunk, body, observe);
    }
    thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<(Vec<u8>, usize)>(CHUNKS_IN_FLIGHT);
        let (free_tx, free_rx) = mpsc::sync_channel::<Vec<u8>>(CHUNKS_IN_FLIGHT);
        let mut hashed = macs.clone();
        let hasher = thread::Builder::new()
            .name("hooksig-hmac".into())
            .spawn_scoped(scope, move || {
                for (chunk, n) in full_rx {
                    update_all(&mut hashed, &chunk[..n]);
                    // Fails only when the reader has stopped: drop the chunk.
                    let _ = free_tx.send(chunk);
                }
                hashed
            });
        let Ok(hasher) = hasher else {
            return hash_rest_here(macs, chunk, body, observe);
        };

        let mut total = n as u64;
        let mut failure = None;
        let mut allocated = 1;
        // Chunks are handed over full (short only at the end), so a pipe's
        // small reads do not each cost a hand-off between threads.
        while n > 0 && full_tx.send((chunk, n)).is_ok() && n == READ_CHUNK {
            chunk = if allocated < CHUNKS_IN_FLIGHT {
                allocated += 1;
                vec![0; READ_CHUNK]
            } else {
                match free_rx.recv() {
                    Ok(chunk) => chunk,
                    // The hasher has stopped: its join below says why.
                    Err(_) => break,
                }
            };
            n = match fill(body, &mut chunk) {
                Ok(n) => n,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            };
            observe(&chunk[..n]);
            total += n as u64;
        }
        drop(full_tx);
        match hasher.join() {
            Ok(hashed) => *macs = hashed,
            // A panic in the hasher is a bug: let it surface as one.
            Err(panic) => std::panic::resume_unwind(panic),
        }
        failure.map_or(Ok(total), Err)
    })
}

/// The rest of [`hash_rest`] on this thread alone, from `chunk`: a full
/// chunk already observed but not yet hashed. Returns the bytes read after it
/// plus its own length.
fn hash_rest_here(
    macs: &mut [Hasher],
    mut chunk: Vec<u8>,
    body: &mut dyn Read,
    observe: &mut dyn FnMut(&[u8]),
) -> io::Result<u64> {
    update_all(macs, &chunk);
    let mut total = chunk.len() as u64;
    loop {
        let n = fill(body, &mut chunk)?;
        update_all(macs, &chunk[..n]);
        observe(&chunk[..n]);
        total += n as u64;
        if n < chunk.len() {
            return Ok(total);
        }
    }
}

/// Reads until `buf` is full or the body ends; returns the bytes read.
fn fill(body: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match body.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
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
                    stream_hmacs(&[&key], &data[..split_at], &mut body, &mut |_| {}, true).unwrap();
                assert_eq!(hex::encode(&macs[0]), $mac);
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
    fn each_job_has_its_own_algorithm_key_prefix_and_suffix() {
        use Algorithm::*;
        let body = vec![3u8; 2 * READ_CHUNK + 9];
        type Row = (Algorithm, &'static [u8], &'static [u8], &'static [u8]);
        let jobs: [Row; 5] = [
            (HmacSha256, b"a", b"1.", b""),
            (HmacSha256, b"a", b"2.", b"!"),
            (HmacSha256, b"b", b"1.", b""),
            (HmacSha1, b"a", b"1.", b""),
            (HmacSha512, b"a", b"", b"9"),
        ];
        let jobs = jobs.map(|(algorithm, key, prefix, suffix)| Job {
            algorithm,
            key,
            prefix,
            suffix,
        });
        for parallel in [true, false] {
            let (macs, len) = stream_jobs(&jobs, &mut &body[..], &mut |_| {}, parallel).unwrap();
            assert_eq!(len, body.len() as u64);
            for (job, mac) in jobs.iter().zip(&macs) {
                assert_eq!(mac.len(), job.algorithm.output_len());
                let expected = hmac(job.algorithm, job.key, &[job.prefix, &body, job.suffix]);
                assert!(constant_time_eq(mac, &expected));
            }
        }
    }

    /// RFC 2202 (HMAC-SHA1) test case 2 and RFC 4231 (HMAC-SHA512) test
    /// case 2: the other algorithms are the standard ones.
    #[test]
    fn sha1_and_sha512_match_their_rfcs() {
        let data: &[u8] = b"what do ya want for nothing?";
        assert_eq!(
            hex::encode(hmac(Algorithm::HmacSha1, b"Jefe", &[data])),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        assert_eq!(
            hex::encode(hmac(Algorithm::HmacSha512, b"Jefe", &[data])),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        );
    }

    #[test]
    fn streaming_many_keys_reads_the_body_once() {
        let body = vec![7u8; 3 * READ_CHUNK + 5];
        let mut seen = 0usize;
        let (macs, len) = stream_hmacs(
            &[b"a", b"b"],
            b"p.",
            &mut &body[..],
            &mut |c| seen += c.len(),
            true,
        )
        .unwrap();
        assert_eq!(len as usize, body.len());
        assert_eq!(seen, body.len());
        assert_eq!(macs[0], hmac_sha256(b"a", &[b"p.", &body]));
        assert_eq!(macs[1], hmac_sha256(b"b", &[b"p.", &body]));
    }

    /// A reader that yields at most `step` bytes per read, is interrupted
    /// before every read, and fails after `fail_after` bytes if set: a pipe
    /// at its worst.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
        interrupt: bool,
        fail_after: Option<usize>,
        served: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.interrupt = !self.interrupt;
            if self.interrupt {
                return Err(io::ErrorKind::Interrupted.into());
            }
            if self.fail_after.is_some_and(|limit| self.served >= limit) {
                return Err(io::Error::other("disk on fire"));
            }
            let n = buf.len().min(self.step).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            self.served += n;
            Ok(n)
        }
    }

    fn trickle(bytes: &[u8], step: usize) -> Trickle<'_> {
        Trickle {
            bytes,
            step,
            interrupt: false,
            fail_after: None,
            served: 0,
        }
    }

    #[test]
    fn bodies_around_the_chunk_sizes_stream_to_the_same_mac() {
        // Around the first read, the switch to two threads (after more than
        // READ_CHUNK bytes, i.e. at READ_CHUNK + FIRST_READ), its first
        // chunk, and several rounds of the chunks in flight.
        let switch = READ_CHUNK + FIRST_READ;
        let sizes = [
            0,
            1,
            FIRST_READ - 1,
            FIRST_READ,
            FIRST_READ + 1,
            READ_CHUNK,
            switch,
            switch + 1,
            switch + READ_CHUNK,
            switch + READ_CHUNK + 1,
            switch + (CHUNKS_IN_FLIGHT + 1) * READ_CHUNK + 17,
        ];
        for size in sizes {
            let body: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let expected = hmac_sha256(b"k", &[b"t.", &body]);
            for (step, parallel) in [(usize::MAX, true), (65_537, true), (65_537, false)] {
                let mut observed = Vec::new();
                let (macs, len) = stream_hmacs(
                    &[b"k"],
                    b"t.",
                    &mut trickle(&body, step),
                    &mut |c| observed.extend_from_slice(c),
                    parallel,
                )
                .unwrap();
                assert_eq!(
                    macs,
                    std::slice::from_ref(&expected),
                    "size {size}, step {step}, {parallel}"
                );
                assert_eq!(len as usize, size);
                assert!(observed == body, "observe saw other bytes (size {size})");
            }
        }
    }

    #[test]
    fn a_read_error_in_a_large_body_is_returned() {
        let body = vec![1u8; 6 * READ_CHUNK];
        // While reading on one thread, in the first chunk read for the
        // hasher, and with the hasher running.
        for fail_after in [READ_CHUNK / 2, READ_CHUNK + FIRST_READ + 10, 5 * READ_CHUNK] {
            let mut reader = Trickle {
                fail_after: Some(fail_after),
                ..trickle(&body, 10_000)
            };
            let err = stream_hmacs(&[b"k"], b"", &mut reader, &mut |_| {}, true).unwrap_err();
            assert_eq!(err.to_string(), "disk on fire");
        }
    }

    #[test]
    fn hashing_on_one_thread_gives_the_same_macs() {
        let body: Vec<u8> = (0..3 * READ_CHUNK + 9).map(|i| (i % 7) as u8).collect();
        let mut macs = vec![new_mac(b"a"), new_mac(b"b")];
        let mut seen = 0;
        let len = hash_rest_here(
            &mut macs,
            body[..READ_CHUNK].to_vec(),
            &mut &body[READ_CHUNK..],
            &mut |c| seen += c.len(),
        )
        .unwrap();
        assert_eq!(len as usize, body.len());
        // The first chunk was observed by the caller.
        assert_eq!(seen, body.len() - READ_CHUNK);
        let macs: Vec<Mac> = macs.into_iter().map(Hasher::finalize).collect();
        assert_eq!(
            macs,
            [hmac_sha256(b"a", &[&body]), hmac_sha256(b"b", &[&body])]
        );
    }

    #[test]
    fn constant_time_eq_compares_bytes_and_lengths() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(constant_time_eq(b"", b""));
    }
}
