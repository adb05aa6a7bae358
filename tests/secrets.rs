//! Several secrets, fingerprints, and secrets never appearing in any output.

use predicates::prelude::*;

use crate::util::*;

#[test]
fn with_the_wrong_secret_first_the_right_second_is_named() {
    let body = b"{\"id\":1}";
    let wrong = temp_file(b"wrong-secret\n");
    let right = temp_file(b"right-secret\n");
    let output = hooksig()
        .args([
            "verify",
            "-p",
            "flinks",
            "-S",
            &flinks_signature("right-secret", body),
        ])
        .arg("--secret-file")
        .arg(wrong.path())
        .arg("--secret-file")
        .arg(right.path())
        .args(["--format", "json"])
        .write_stdin(&body[..])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json = json_output(&output);
    let message = json["message"].as_str().unwrap();
    // sha256("right-secret") starts 01afeb74 (`printf right-secret | sha256sum`).
    assert!(
        message.contains("with secret #2 (12 bytes, sha256:01afeb74)"),
        "{message}"
    );
    assert_eq!(json["details"]["secrets"][0]["matched"], false);
    assert_eq!(json["details"]["secrets"][1]["matched"], true);
}

#[test]
fn the_environment_holds_several_secrets_separated_by_commas_or_newlines() {
    let sig = fintoc_signature("new", 1000, b"x");
    for env in ["old,new", "old\nnew", "old\r\nnew\n"] {
        hooksig()
            .args(["verify", "-p", "fintoc", "-S", &sig, "--now", "1000"])
            .env("HOOKSIG_SECRET", env)
            .write_stdin("x")
            .assert()
            .code(0)
            .stdout(predicate::str::contains("secret #2"));
    }
    hooksig()
        .args(["verify", "-p", "fintoc", "-S", &sig, "--now", "1000"])
        .env("HOOKSIG_SECRET", "old,,new")
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("HOOKSIG_SECRET, secret #2"));
}

#[test]
fn a_secret_with_a_comma_is_expressible_in_a_file() {
    let file = temp_file(b"a,b\n");
    hooksig()
        .args([
            "verify",
            "-p",
            "flinks",
            "-S",
            &flinks_signature("a,b", b"x"),
        ])
        .arg("--secret-file")
        .arg(file.path())
        .write_stdin("x")
        .assert()
        .code(0);
}

#[test]
fn verbose_lists_every_secret_by_fingerprint() {
    let sig = flinks_signature("right-secret", b"x");
    hooksig()
        .args(["verify", "-p", "flinks", "-S", &sig, "-v"])
        .env("HOOKSIG_SECRET", "wrong-secret,right-secret")
        .write_stdin("x")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("secret #1 (12 bytes, sha256:"))
        .stdout(predicate::str::contains(
            "secret #2 (12 bytes, sha256:01afeb74):",
        ))
        .stdout(predicate::str::contains("(matches)"));
}

#[test]
fn fingerprint_lists_each_secret() {
    hooksig()
        .arg("fingerprint")
        .env("HOOKSIG_SECRET", "abc,right-secret")
        .assert()
        .code(0)
        .stdout("secret #1 (3 bytes, sha256:ba7816bf)\nsecret #2 (12 bytes, sha256:01afeb74)\n");
}

/// Every command and outcome, with distinctive secrets: none of their
/// outputs may contain a secret (nor its hex or base64 form).
#[test]
fn no_output_ever_contains_a_secret() {
    let secret = "S3cr3t-Needle-7f9a";
    let file = temp_file(format!("{secret}\n").as_bytes());
    let path = file.path().to_str().unwrap().to_owned();
    let ws_file = temp_file(format!(" {secret} ").as_bytes());
    let ws_path = ws_file.path().to_str().unwrap().to_owned();
    let good = flinks_signature(secret, b"x");
    let fintoc = fintoc_signature(secret, 1000, b"x");
    let scenarios: Vec<Vec<String>> = vec![
        vec!["verify", "-p", "flinks", "-S", &good, "-s", secret],
        vec!["verify", "-p", "flinks", "-S", &good, "-s", secret, "-v"],
        vec![
            "verify", "-p", "flinks", "-S", "bad", "-s", secret, "--format", "json",
        ],
        vec![
            "verify",
            "-p",
            "fintoc",
            "-S",
            &fintoc,
            "--secret-file",
            &path,
            "-v",
        ],
        vec![
            "verify",
            "-p",
            "fintoc",
            "-S",
            &fintoc,
            "--secret-file",
            &path,
            "--format",
            "json",
        ],
        vec![
            "verify",
            "-p",
            "flinks",
            "-S",
            &good,
            "--secret-file",
            &ws_path,
            "-v",
        ],
        vec![
            "verify",
            "-p",
            "flinks",
            "-S",
            &good,
            "-s",
            secret,
            "--secret-file",
            &path,
        ],
        vec!["verify", "-p", "nope", "-S", &good, "-s", secret],
        vec![
            "verify",
            "-p",
            "flinks",
            "-s",
            secret,
            "--payload",
            "/nonexistent",
        ],
        vec!["sign", "-p", "fintoc", "-s", secret],
        vec![
            "sign",
            "-p",
            "flinks",
            "--secret-file",
            &path,
            "--format",
            "json",
        ],
        vec!["fingerprint", "-s", secret],
        vec!["fingerprint", "--secret-file", &path, "--format", "json"],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(str::to_owned).collect())
    .collect();
    for args in scenarios {
        for body in ["x", "x\n"] {
            let output = hooksig().args(&args).write_stdin(body).output().unwrap();
            let all = [output.stdout, output.stderr].concat();
            assert_no_secret_in(&format!("{args:?}"), &all, &[secret.as_bytes()]);
            assert_ne!(
                output.status.code(),
                Some(101),
                "{args:?} panicked: {}",
                String::from_utf8_lossy(&all)
            );
        }
    }
}

/// With `--format json` or `-q` (scripts), `args` verify with an empty stderr.
fn no_warning_for_scripts(args: &[&str]) {
    for quiet in [&["--format", "json"][..], &["-q"][..]] {
        hooksig()
            .args(args)
            .args(quiet)
            .write_stdin("x")
            .assert()
            .code(0)
            .stderr("");
    }
}

/// `--secret` puts the secret in the process list: human output warns on
/// stderr; JSON and quiet output (for scripts) do not.
#[test]
fn the_secret_flag_warns_in_human_mode_only() {
    let sig = flinks_signature("k", b"x");
    let args = ["verify", "-p", "flinks", "-S", &sig, "-s", "k"];
    hooksig()
        .args(args)
        .write_stdin("x")
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "hooksig: warning: --secret puts the secret in the process list and shell history",
        ));
    no_warning_for_scripts(&args);
}

/// A secret file other users can read is worth a warning, in human mode.
#[cfg(unix)]
#[test]
fn a_secret_file_others_can_read_warns_in_human_mode_only() {
    use std::os::unix::fs::PermissionsExt;
    let sig = flinks_signature("k", b"x");
    let file = temp_file(b"k\n");
    let path = file.path().to_str().unwrap().to_owned();
    let args = ["verify", "-p", "flinks", "-S", &sig, "--secret-file", &path];
    let chmod = |mode| {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    };

    chmod(0o644);
    hooksig()
        .args(args)
        .write_stdin("x")
        .assert()
        .code(0)
        .stderr(format!(
            "hooksig: warning: secret file {path} can be read by other users; chmod 600 it\n"
        ));
    no_warning_for_scripts(&args);
    chmod(0o600);
    hooksig()
        .args(args)
        .write_stdin("x")
        .assert()
        .code(0)
        .stderr("");
}
