//! Where attachment bytes live: a [`BlobStorage`] addressed by random keys the server makes up
//! (never by anything a client sent). The default keeps each blob as a file in a local
//! directory, written to a temporary name, flushed to disk and renamed, so a crash never leaves
//! a half-written blob under a real key. Other backends (object storage) implement the trait.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use tokio::io::AsyncWriteExt;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait BlobStorage: Send + Sync {
    /// Stores `bytes` under `key` durably (returns only once they survive a crash).
    fn put<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> BoxFuture<'a, std::io::Result<()>>;
    /// The bytes under `key`.
    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, std::io::Result<Vec<u8>>>;
}

/// A new random key for a blob: 32 ASCII letters and digits, nothing else.
pub fn new_key() -> String {
    crate::auth::tokens::new_token()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(32)
        .collect()
}

/// Blobs as files in one directory, spread over 256 subdirectories by the key's first two
/// characters.
pub struct LocalDirStorage {
    root: PathBuf,
}

impl LocalDirStorage {
    pub fn new(root: PathBuf) -> std::io::Result<LocalDirStorage> {
        std::fs::create_dir_all(&root)?;
        Ok(LocalDirStorage { root })
    }

    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        if key.len() < 8 || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a storage key",
            ));
        }
        Ok(self.root.join(&key[..2]).join(key))
    }
}

impl BlobStorage for LocalDirStorage {
    fn put<'a>(&'a self, key: &'a str, bytes: &'a [u8]) -> BoxFuture<'a, std::io::Result<()>> {
        Box::pin(async move {
            let path = self.path(key)?;
            let dir = path.parent().map(PathBuf::from).unwrap_or_default();
            tokio::fs::create_dir_all(&dir).await?;
            let tmp = dir.join(format!(".{key}.part"));
            let mut file = tokio::fs::File::create(&tmp).await?;
            file.write_all(bytes).await?;
            file.sync_all().await?;
            drop(file);
            tokio::fs::rename(&tmp, &path).await?;
            // The rename itself must reach the disk too.
            let d = tokio::fs::File::open(&dir).await?;
            d.sync_all().await?;
            Ok(())
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> BoxFuture<'a, std::io::Result<Vec<u8>>> {
        Box::pin(async move { tokio::fs::read(self.path(key)?).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn blobs_round_trip_and_keys_cannot_escape() {
        let dir = std::env::temp_dir().join(format!("kehto-blobs-{}", new_key()));
        let s = LocalDirStorage::new(dir.clone()).unwrap_or_else(|e| panic!("{e}"));
        let key = new_key();
        assert_eq!(key.len(), 32);
        s.put(&key, b"%PDF-1.7 hello")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.get(&key).await.unwrap_or_default(), b"%PDF-1.7 hello");
        assert!(s.get("../../etc/passwd").await.is_err());
        assert!(s.put("ab/../../x", b"x").await.is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
