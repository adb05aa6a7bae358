//! Issue 13, the scheme language's odd corners: `algorithm = "token"`
//! (GitLab), a timestamp inside the body (Linear), Svix-delivered senders as
//! aliases of `standard`, and other providers' secret prefixes.

use crate::util::*;

const GITLAB_TOKEN: &str = "hooksig-gitlab-token-0123";

fn gitlab(token: &str, extra: &[&str]) -> std::process::Output {
    let body = temp_file(br#"{"object_kind":"push"}"#);
    hooksig()
        .args(["verify", "-H", &format!("X-Gitlab-Token: {token}")])
        .args(["--payload", body.path().to_str().unwrap()])
        .env("HOOKSIG_SECRET", GITLAB_TOKEN)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn a_gitlab_token_equal_to_the_secret_is_authentic_and_inferred() {
    let out = gitlab(GITLAB_TOKEN, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let json = json_output(&out);
    assert_eq!(json["provider"], "gitlab");
    assert_eq!(json["message"], "the token in X-Gitlab-Token is the secret");
}

#[test]
fn a_different_gitlab_token_is_not_authentic_and_the_secret_is_not_shown() {
    for format in ["human", "json"] {
        let out = gitlab("hooksig-gitlab-token-0124", &["-v", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert_no_secret_in("verify -v", &out.stdout, &[GITLAB_TOKEN.as_bytes()]);
        assert_no_secret_in("verify -v", &out.stderr, &[GITLAB_TOKEN.as_bytes()]);
        // Not even the first characters of the secret, in any form.
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains("hooksig-gi"), "{text}");
        assert!(!text.contains(&hex::encode(&GITLAB_TOKEN[..4])), "{text}");
    }
    let out = gitlab("hooksig-gitlab-token-0124", &["--format", "json"]);
    let json = json_output(&out);
    assert_eq!(json["reason"], "signature_mismatch");
    assert_eq!(
        json["message"],
        "the token in X-Gitlab-Token is not the secret"
    );
}

#[test]
fn a_gitlab_token_that_is_only_a_prefix_of_the_secret_is_not_authentic() {
    let out = gitlab(&GITLAB_TOKEN[..10], &[]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
}

#[test]
fn sign_writes_the_gitlab_token_and_verify_accepts_it() {
    let body = temp_file(b"{}");
    let out = hooksig()
        .args(["sign", "--provider", "gitlab"])
        .args(["--payload", body.path().to_str().unwrap()])
        .env("HOOKSIG_SECRET", GITLAB_TOKEN)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        format!("X-Gitlab-Token: {GITLAB_TOKEN}")
    );
}
