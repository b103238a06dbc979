//! Delivery: SMTP (lettre) when configured, else one `.eml` file per message in the outbox
//! directory (development and tests read those). The files are private to the service's user:
//! they hold an address and, for some messages, a code.

use std::io::Write;
use std::path::PathBuf;

use lettre::message::{Mailbox, Message, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::config::Settings;

pub enum Transport {
    File(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Transport {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        match &settings.smtp_url {
            Some(url) => Ok(Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| anyhow::anyhow!("KINLINK_SMTP_URL: {e}"))?
                    .build(),
            )),
            None => {
                let dir: PathBuf = settings.outbox_dir.clone();
                create_private_dir(&dir)?;
                Ok(Transport::File(dir))
            }
        }
    }

    pub async fn send(
        &self,
        from: &str,
        to: &str,
        subject: &str,
        body: String,
    ) -> anyhow::Result<()> {
        let from: Mailbox = from.parse()?;
        let to: Mailbox = to.parse()?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)?;
        match self {
            Transport::File(dir) => {
                let path = dir.join(format!("{}.eml", uuid::Uuid::new_v4()));
                let bytes = message.formatted();
                tokio::task::spawn_blocking(move || write_private(&path, &bytes)).await??;
            }
            Transport::Smtp(t) => {
                t.send(message).await?;
            }
        }
        Ok(())
    }
}

/// Create the outbox (and missing parents) open to its owner only: even the file names and
/// their count say when mail went out. An existing directory keeps the mode its owner gave it.
fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Write a new file readable by its owner only.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn development_mail_files_are_private() {
        let root = tempfile::tempdir().unwrap();
        let mut settings = Settings::for_dir(root.path());
        settings.outbox_dir = root.path().join("new/outbox");
        let t = Transport::from_settings(&settings).unwrap();
        let dir = &settings.outbox_dir;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "the outbox directory is its owner's only");
        }
        t.send(
            "Notifications <no-reply@localhost>",
            "family@example.org",
            "Update",
            "Please sign in.".into(),
        )
        .await
        .unwrap();
        let entry = std::fs::read_dir(dir).unwrap().next().unwrap().unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        assert!(text.contains("To: family@example.org"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
