//! Test vectors as data: every `tests/vectors/<provider>.toml` is read into
//! typed structs, checked against the format's rules, and each vector of a
//! provider hooksig implements is run through the library and through the
//! binary. RustCrypto hmac's `new_test!` over data files is the model: a new
//! vector is new data, not new code.
//!
//! A file holds the provider's name and `[[vector]]` tables: a name, where
//! the vector comes from (`provenance`), the secret (`secret` as text or
//! `secret_hex`; `public_key` for public-key schemes), the headers as
//! `[name, value]` pairs, the body (`body` inline or `body_file` relative to
//! `tests/vectors/`), the `now` it is judged at, `method`/`url` for schemes
//! that sign them, and the reason hooksig must give (`expect`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use hooksig_core::providers::{self, PROVIDERS, Provider};
use hooksig_core::{Headers, Policy, Reason, Secret, Verdict};
use serde::Deserialize;

use crate::util::{hooksig, temp_file};

/// Catalog entries of issue 13, not implemented yet: their vectors are
/// checked for format only.
const PENDING_CATALOG: &[&str] = &[];

/// What `expect` may say: the verdict reasons.
const REASONS: [Reason; 5] = [
    Reason::Ok,
    Reason::SignatureMismatch,
    Reason::TimestampOutsideTolerance,
    Reason::MalformedSignature,
    Reason::MissingSignature,
];

/// One `tests/vectors/<provider>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VectorFile {
    provider: String,
    #[serde(rename = "vector")]
    vectors: Vec<Vector>,
}

/// One `[[vector]]`: a webhook as received and the verdict it must get.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    name: String,
    provenance: String,
    secret: Option<String>,
    secret_hex: Option<String>,
    public_key: Option<String>,
    headers: Vec<(String, String)>,
    body: Option<String>,
    body_file: Option<PathBuf>,
    now: i64,
    method: Option<String>,
    url: Option<String>,
    expect: String,
    /// `tests/vectors/<provider>.toml`, set by the loader.
    #[serde(skip)]
    file: String,
}

impl Vector {
    /// Names the vector in a failure: file, name and provenance.
    fn label(&self) -> String {
        format!("{} vector {} ({})", self.file, self.name, self.provenance)
    }

    fn expects_ok(&self) -> bool {
        self.expect == Reason::Ok.as_str()
    }

    /// The body's exact bytes.
    fn body(&self) -> Vec<u8> {
        match (&self.body, &self.body_file) {
            (Some(text), None) => text.as_bytes().to_vec(),
            (None, Some(path)) => std::fs::read(vectors_dir().join(path))
                .unwrap_or_else(|e| panic!("{}: body_file {}: {e}", self.label(), path.display())),
            _ => panic!("{}: give exactly one of body, body_file", self.label()),
        }
    }

    /// The HMAC secret's bytes (`secret` as UTF-8 or `secret_hex` decoded),
    /// or the public key (`public_key`, as text) for public-key schemes.
    fn secret(&self) -> Secret {
        let bytes = match (&self.secret, &self.secret_hex, &self.public_key) {
            (Some(text), None, None) => text.as_bytes().to_vec(),
            (None, Some(digits), None) => {
                hex::decode(digits).unwrap_or_else(|e| panic!("{}: secret_hex: {e}", self.label()))
            }
            (None, None, Some(key)) => {
                return Secret::new(key.as_bytes())
                    .unwrap_or_else(|e| panic!("{}: {e}", self.label()))
                    .into_public_key();
            }
            _ => panic!("{}: no secret or public key", self.label()),
        };
        Secret::new(bytes).unwrap_or_else(|e| panic!("{}: {e}", self.label()))
    }

    fn headers(&self) -> Headers {
        let mut headers = Headers::new();
        for (name, value) in &self.headers {
            headers
                .push(name, value)
                .unwrap_or_else(|e| panic!("{}: {e}", self.label()));
        }
        self.set_head(&mut headers);
        headers
    }

    /// Gives `headers` the vector's method and URL, if any.
    fn set_head(&self, headers: &mut Headers) {
        if let Some(method) = &self.method {
            headers.set_method(method);
        }
        if let Some(url) = &self.url {
            headers.set_url(url);
        }
    }
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

/// The providers that have a vector file, from the files' names.
fn file_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(vectors_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .map(|path| path.file_stem().unwrap().to_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

/// Every vector file, parsed and checked against the format's rules.
fn vector_files() -> Vec<VectorFile> {
    file_names().iter().map(|name| load(name)).collect()
}

fn load(name: &str) -> VectorFile {
    let file = format!("tests/vectors/{name}.toml");
    let text = std::fs::read_to_string(vectors_dir().join(format!("{name}.toml"))).unwrap();
    let mut data: VectorFile =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{file}: not a vector file: {e}"));
    assert_eq!(
        data.provider, name,
        "{file}: the file name must be the provider"
    );
    let mut names = HashSet::new();
    for vector in &mut data.vectors {
        vector.file = file.clone();
        let label = vector.label();
        assert!(
            !vector.name.is_empty()
                && vector
                    .name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{label}: a name is [a-z0-9_]+"
        );
        assert!(names.insert(vector.name.clone()), "{label}: name repeated");
        assert!(
            !vector.provenance.trim().is_empty(),
            "{label}: no provenance"
        );
        let keys = [&vector.secret, &vector.secret_hex, &vector.public_key];
        assert_eq!(
            keys.iter().filter(|k| k.is_some()).count(),
            1,
            "{label}: give exactly one of secret, secret_hex, public_key"
        );
        assert!(
            REASONS.iter().any(|r| r.as_str() == vector.expect),
            "{label}: unknown expect {:?}",
            vector.expect
        );
        vector.body(); // exactly one of body, body_file; the file exists
    }
    assert!(
        data.vectors.iter().any(Vector::expects_ok),
        "{file}: no vector expects ok"
    );
    assert!(
        data.vectors.iter().any(|v| !v.expects_ok()),
        "{file}: every vector expects ok: add a tampered or wrong-secret one"
    );
    data
}

/// The vectors of the providers hooksig implements, with their provider.
fn implemented_vectors() -> Vec<(&'static dyn Provider, Vector)> {
    vector_files()
        .into_iter()
        .filter_map(|file| Some((providers::by_name(&file.provider).ok()?, file.vectors)))
        .flat_map(|(provider, vectors)| vectors.into_iter().map(move |v| (provider, v)))
        .collect()
}

/// The library's verdict on `vector`, judged with the provider's default
/// tolerance.
fn library_verdict(provider: &dyn Provider, vector: &Vector, headers: &Headers) -> Verdict {
    hooksig_core::verify(
        provider,
        headers,
        &mut &vector.body()[..],
        &[vector.secret()],
        &Policy::at(vector.now),
    )
    .unwrap_or_else(|e| panic!("{}: could not judge: {e}", vector.label()))
}

/// Fails listing every disagreement, so one run shows them all.
fn assert_none(failures: &[String], run: usize) {
    assert!(run > 0, "no vector was run");
    assert!(
        failures.is_empty(),
        "{} of {run} vectors disagree:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_vector_file_follows_the_format() {
    let files = vector_files();
    assert_eq!(files.len(), file_names().len());
}

#[test]
fn a_misspelt_key_in_a_vector_file_is_an_error() {
    let text = r#"
        provider = "github"
        [[vector]]
        name = "x"
        provenance = "p"
        secret = "s"
        headers = []
        body = ""
        now = 0
        expcet = "ok"
    "#;
    let err = toml::from_str::<VectorFile>(text).unwrap_err();
    assert!(err.to_string().contains("expcet"), "{err}");
}

#[test]
fn every_implemented_provider_has_vectors_and_every_file_a_provider() {
    for provider in PROVIDERS {
        let name = provider.name();
        assert!(
            vectors_dir().join(format!("{name}.toml")).is_file(),
            "provider {name} has no tests/vectors/{name}.toml"
        );
    }
    for pending in PENDING_CATALOG {
        assert!(
            providers::by_name(pending).is_err(),
            "{pending} is implemented now: remove it from PENDING_CATALOG"
        );
        assert!(
            file_names().iter().any(|f| f == pending),
            "{pending} is in PENDING_CATALOG but has no vector file"
        );
    }
    for name in file_names() {
        let implemented = PROVIDERS.iter().any(|p| p.name() == name);
        assert!(
            implemented || PENDING_CATALOG.contains(&name.as_str()),
            "tests/vectors/{name}.toml: hooksig implements no {name} and PENDING_CATALOG does not list it"
        );
    }
}

#[test]
fn the_library_gives_every_vector_its_expected_reason() {
    let vectors = implemented_vectors();
    let mut failures = Vec::new();
    for (provider, vector) in &vectors {
        let verdict = library_verdict(*provider, vector, &vector.headers());
        if verdict.reason.as_str() != vector.expect {
            failures.push(format!(
                "{}: expected {}, got {}: {}",
                vector.label(),
                vector.expect,
                verdict.reason,
                verdict.message
            ));
        }
    }
    assert_none(&failures, vectors.len());
}

/// `sign`, given the context (timestamp, id) read from an authentic
/// vector's headers, makes one of the vector's signatures, and it verifies.
/// Public-key vectors carry no private key (tests/sign.rs and the core's
/// unit tests sign those).
#[test]
fn signing_an_authentic_vector_again_reproduces_its_signature() {
    let vectors: Vec<_> = implemented_vectors()
        .into_iter()
        .filter(|(_, v)| v.expects_ok() && v.public_key.is_none())
        .collect();
    let mut failures = Vec::new();
    for (provider, vector) in &vectors {
        let received = provider.parse(&vector.headers()).unwrap();
        let signed = hooksig_core::sign(
            *provider,
            &mut &vector.body()[..],
            &vector.secret(),
            &received.context,
        )
        .unwrap();
        let mut headers = Headers::new();
        for (name, value) in &signed {
            headers.push(name, value).unwrap();
        }
        vector.set_head(&mut headers);
        let made = provider.parse(&headers).unwrap();
        let reproduced = made
            .signatures
            .iter()
            .any(|s| received.signatures.contains(s))
            || signed_over_another_accepted_message(*provider, vector, &received, &made);
        let verdict = library_verdict(*provider, vector, &headers);
        if !reproduced || verdict.reason != Reason::Ok {
            failures.push(format!(
                "{}: sign made {signed:?}, judged {}",
                vector.label(),
                verdict.reason
            ));
        }
    }
    assert_none(&failures, vectors.len());
}

/// For a scheme that accepts several messages (Twilio: the URL with and
/// without its port), `sign` signs the first; a vector signed over another
/// one is reproduced when its signature is exactly the MAC of one of them
/// and `sign` made the MAC of the first.
fn signed_over_another_accepted_message(
    provider: &dyn Provider,
    vector: &Vector,
    received: &providers::Claim,
    made: &providers::Claim,
) -> bool {
    let (body, secret) = (vector.body(), vector.secret());
    let (Ok(messages), Ok(key)) = (
        provider.signed_messages(&received.context, &body),
        provider.key(&secret),
    ) else {
        return false;
    };
    let macs: Vec<_> = messages
        .iter()
        .map(|m| hooksig_core::mac::hmac(provider.algorithm(), &key, &[m]))
        .collect();
    messages.len() > 1
        && made.signatures.first() == macs.first()
        && received.signatures.iter().any(|s| macs.contains(s))
}

#[test]
fn the_binary_gives_every_vector_its_expected_exit_code_and_reason() {
    let vectors = implemented_vectors();
    let mut failures = Vec::new();
    for (provider, vector) in &vectors {
        let body = temp_file(&vector.body());
        let secret = temp_file(vector.secret().expose());
        let mut cmd = hooksig();
        cmd.args(["verify", "-p", provider.name(), "--format", "json"])
            .args(["--now", &vector.now.to_string()]);
        if vector.public_key.is_some() {
            cmd.arg("--public-key")
                .arg(format!("@{}", secret.path().display()));
        } else {
            cmd.arg("--secret-file").arg(secret.path());
        }
        cmd.arg("--payload").arg(body.path());
        for (name, value) in &vector.headers {
            cmd.arg("-H").arg(format!("{name}: {value}"));
        }
        if let Some(method) = &vector.method {
            cmd.args(["--method", method]);
        }
        if let Some(url) = &vector.url {
            cmd.args(["--url", url]);
        }
        let output = cmd.output().unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        let expected_code = if vector.expects_ok() { 0 } else { 1 };
        let got = (output.status.code(), json["reason"].as_str());
        if got != (Some(expected_code), Some(vector.expect.as_str())) {
            failures.push(format!(
                "{}: expected exit {expected_code} and {}, got {got:?}; stderr: {}",
                vector.label(),
                vector.expect,
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
    }
    assert_none(&failures, vectors.len());
}
