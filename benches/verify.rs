//! In-process cost of `hooksig_core::verify` for every registered provider, at
//! body sizes from a typical webhook (1 KiB) to the largest body still hashed
//! on the calling thread (1 MiB). Run with `cargo bench --bench verify`; the
//! whole-process comparison with openssl and Python is `bench/compare.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// criterion_group! defines a public function that cannot carry a doc comment.
#![allow(missing_docs)]

use std::hint::black_box;

use base64::Engine as _;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

use hooksig_core::mac::hmac_sha256;
use hooksig_core::providers::{Context, PROVIDERS, Provider};
use hooksig_core::{Headers, Policy, Secret};

/// The moment every benchmark webhook was signed, and is judged at.
const SIGNED_AT: i64 = 1_700_000_000;

const SIZES: [(&str, usize); 3] = [("1KiB", 1024), ("64KiB", 64 * 1024), ("1MiB", 1024 * 1024)];

/// A secret in the form `provider` expects (some carry a prefix such as
/// `whsec_` before base64 key bytes).
fn secret_for(provider: &dyn Provider) -> Secret {
    let raw = b"hooksig-benchmark-secret";
    let text = match provider.secret_prefix() {
        Some(prefix) => format!(
            "{prefix}{}",
            base64::engine::general_purpose::STANDARD.encode(raw)
        ),
        None => String::from_utf8(raw.to_vec()).unwrap(),
    };
    Secret::new(text).unwrap()
}

/// The headers a sender would attach to `body`, built from the provider's
/// own prefix and header functions.
fn signed_headers(provider: &dyn Provider, secret: &Secret, body: &[u8]) -> Headers {
    let context = Context {
        timestamp: Some(provider.stamp(SIGNED_AT)),
        id: Some("msg_bench".to_owned()),
        ..Default::default()
    };
    let key = provider.key(secret).unwrap();
    let mac = hmac_sha256(&key, &[&provider.signed_prefix(&context), body]);
    let mut headers = Headers::new();
    for (name, value) in provider.signature_headers(&mac, &context) {
        headers.push(&name, &value).unwrap();
    }
    headers
}

fn verify(c: &mut Criterion) {
    let policy = Policy::at(SIGNED_AT);
    for &provider in PROVIDERS {
        let mut group = c.benchmark_group(format!("verify/{}", provider.name()));
        let secrets = [secret_for(provider)];
        for (label, size) in SIZES {
            let body: Vec<u8> = (0..size).map(|i| b"{\"k\":\"v\"}\n"[i % 10]).collect();
            let headers = signed_headers(provider, &secrets[0], &body);
            // Benchmark the authentic path, not diagnostics of a mismatch.
            let verdict =
                hooksig_core::verify(provider, &headers, &mut &body[..], &secrets, &policy)
                    .unwrap();
            assert!(
                verdict.is_authentic(),
                "{}: {}",
                provider.name(),
                verdict.message
            );

            group.throughput(Throughput::Bytes(size as u64));
            group.bench_function(BenchmarkId::from_parameter(label), |b| {
                b.iter(|| {
                    let mut reader = black_box(&body[..]);
                    hooksig_core::verify(provider, &headers, &mut reader, &secrets, &policy)
                        .unwrap()
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, verify);
criterion_main!(benches);
