//! What heroin knows of a TLS certificate: its subject, expiry, the names it
//! covers and its SHA-256 fingerprint, read from a PEM certificate chain by
//! a real X.509 parser (`x509-parser`). A certificate is shown by these and
//! compared by its fingerprint; a private key is only checked to be a PEM
//! private key, and never shown, not even in part. Pure.

use x509_parser::pem::Pem;
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

/// The leaf certificate of a chain, as plans show it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CertInfo {
    /// The subject (`CN=www.example.com`).
    pub subject: String,
    /// When it expires, `2027-03-01 12:00 UTC`.
    pub expires: String,
    /// The SHA-256 of the leaf's DER, as `AB:CD:...`.
    pub fingerprint: String,
    /// The DNS names it covers (its subject alternative names, else its
    /// common name), sorted.
    pub domains: Vec<String>,
}

impl std::fmt::Display for CertInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, expires {}, SHA-256 {}",
            self.subject, self.expires, self.fingerprint
        )
    }
}

/// The PEM blocks of `text`: (label, DER). An error says what is wrong in
/// words, never quoting the text (it may be a private key).
fn blocks(text: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for pem in Pem::iter_from_buffer(text.as_bytes()) {
        match pem {
            Ok(Pem { label, contents }) => out.push((label, contents)),
            Err(_) if !out.is_empty() => break,
            Err(_) => return Err("is not PEM (no `-----BEGIN ...-----` block that decodes)".into()),
        }
    }
    if out.is_empty() {
        return Err("is not PEM (no `-----BEGIN ...-----` block)".into());
    }
    Ok(out)
}

/// The leaf certificate of the PEM chain `text` (the first block).
pub fn parse_chain(text: &str) -> Result<CertInfo, String> {
    let blocks = blocks(text)?;
    let (label, der) = &blocks[0];
    if label != "CERTIFICATE" {
        return Err(format!(
            "starts with a `{label}` block, not a `CERTIFICATE`"
        ));
    }
    for (i, (label, der)) in blocks.iter().enumerate().skip(1) {
        if label != "CERTIFICATE" || X509Certificate::from_der(der).is_err() {
            return Err(format!("holds a block {} that is not a certificate", i + 1));
        }
    }
    let (_, cert) = X509Certificate::from_der(der)
        .map_err(|_| "holds a `CERTIFICATE` block that is not an X.509 certificate".to_string())?;
    let mut domains: Vec<String> = match cert.subject_alternative_name() {
        Ok(Some(san)) => san
            .value
            .general_names
            .iter()
            .filter_map(|n| match n {
                GeneralName::DNSName(d) => Some(d.to_ascii_lowercase()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    if domains.is_empty() {
        domains.extend(
            cert.subject()
                .iter_common_name()
                .filter_map(|cn| cn.as_str().ok())
                .map(str::to_ascii_lowercase),
        );
    }
    domains.sort();
    domains.dedup();
    let digest = ring::digest::digest(&ring::digest::SHA256, der);
    let fingerprint: Vec<String> = digest.as_ref().iter().map(|b| format!("{b:02X}")).collect();
    Ok(CertInfo {
        subject: crate::render::printable::printable(&cert.subject().to_string()).into_owned(),
        expires: crate::render::date::date(cert.validity().not_after.timestamp()),
        fingerprint: fingerprint.join(":"),
        domains,
    })
}

/// Whether `text` is a PEM private key; the error never quotes it.
pub fn check_key(text: &str) -> Result<(), String> {
    let blocks = blocks(text)?;
    match blocks.first().map(|(l, _)| l.as_str()) {
        Some("PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY") => Ok(()),
        Some("ENCRYPTED PRIVATE KEY") => {
            Err("is an encrypted private key: Heroku takes it decrypted".into())
        }
        Some(other) => Err(format!("is a `{other}` block, not a private key")),
        None => Err("is not PEM".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_certificate_is_read_and_a_key_is_never_quoted() {
        let key = rcgen::KeyPair::generate().unwrap();
        let params =
            rcgen::CertificateParams::new(vec!["www.example.com".into(), "example.com".into()])
                .unwrap();
        let cert = params.self_signed(&key).unwrap();
        let info = parse_chain(&cert.pem()).unwrap();
        assert_eq!(info.domains, ["example.com", "www.example.com"]);
        assert_eq!(info.fingerprint.len(), 32 * 3 - 1);
        assert!(info.to_string().contains("expires 4096-01-01"), "{info}");
        assert!(check_key(&key.serialize_pem()).is_ok());
        let wrong = check_key(&cert.pem()).unwrap_err();
        assert!(wrong.contains("CERTIFICATE"), "{wrong}");
        let garbage =
            "-----BEGIN PRIVATE KEY-----\nnot base64 secret-material\n-----END PRIVATE KEY-----\n";
        let e = check_key(garbage).unwrap_err();
        assert!(!e.contains("secret-material"), "{e}");
        assert!(parse_chain("hello").is_err());
    }
}
