//! Checking uploaded files: the type is recognised from the content (never from the name), and
//! the name a client sent is reduced to a safe display name that is never used as a path.

/// A file type proposals may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            FileKind::Odp => "application/vnd.oasis.opendocument.presentation",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Pptx => "pptx",
            FileKind::Odt => "odt",
            FileKind::Ods => "ods",
            FileKind::Odp => "odp",
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Recognises the file type from its first bytes (and, for office documents, the ZIP entries
/// that identify them). `None` for anything else: executables, scripts, HTML, old binary
/// office formats, archives that are not documents.
pub fn recognise(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"%PDF-") {
        return Some(FileKind::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(FileKind::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(FileKind::Jpeg);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    // OpenDocument: the first entry is an uncompressed `mimetype` naming the type.
    let head = &bytes[..bytes.len().min(200)];
    if contains(head, b"mimetypeapplication/vnd.oasis.opendocument.") {
        return if contains(head, b"opendocument.text") {
            Some(FileKind::Odt)
        } else if contains(head, b"opendocument.spreadsheet") {
            Some(FileKind::Ods)
        } else if contains(head, b"opendocument.presentation") {
            Some(FileKind::Odp)
        } else {
            None
        };
    }
    // Office Open XML: `[Content_Types].xml` and the main part's folder among the entry names
    // (stored uncompressed in the local file headers and the central directory).
    if !contains(bytes, b"[Content_Types].xml") {
        return None;
    }
    if contains(bytes, b"word/document.xml") {
        Some(FileKind::Docx)
    } else if contains(bytes, b"xl/workbook.xml") {
        Some(FileKind::Xlsx)
    } else if contains(bytes, b"ppt/presentation.xml") {
        Some(FileKind::Pptx)
    } else {
        None
    }
}

/// A display name from what the client sent: the last path component only, control and
/// reserved characters replaced, no leading dots, at most `max` characters, and ending in the
/// extension of the recognised type.
pub fn safe_file_name(sent: &str, kind: FileKind, max: usize) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '%') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    let ext = kind.extension();
    let stem = match trimmed.rsplit_once('.') {
        Some((stem, e))
            if e.eq_ignore_ascii_case(ext)
                || (kind == FileKind::Jpeg && e.eq_ignore_ascii_case("jpeg")) =>
        {
            stem.trim_end().to_owned()
        }
        _ => trimmed.to_owned(),
    };
    let stem = if stem.is_empty() {
        "liite".to_owned()
    } else {
        stem
    };
    let room = max.saturating_sub(ext.len() + 1).max(1);
    let stem: String = stem.chars().take(room).collect();
    format!("{}.{ext}", stem.trim_end())
}

/// `Content-Disposition` for downloading `name`: an ASCII fallback and the UTF-8 name (RFC 6266).
pub fn attachment_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_content() {
        assert_eq!(recognise(b"%PDF-1.7\n..."), Some(FileKind::Pdf));
        assert_eq!(recognise(b"\x89PNG\r\n\x1a\n...."), Some(FileKind::Png));
        assert_eq!(recognise(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(FileKind::Jpeg));
        let mut docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml".to_vec();
        assert_eq!(recognise(&docx), Some(FileKind::Docx));
        docx.truncate(10);
        assert_eq!(recognise(&docx), None, "a bare zip is not a document");
        assert_eq!(
            recognise(b"PK\x03\x04..........mimetypeapplication/vnd.oasis.opendocument.text"),
            Some(FileKind::Odt)
        );
        for bad in [
            &b"MZ\x90\x00 windows executable"[..],
            b"#!/bin/sh\nrm -rf /",
            b"<html><script>alert(1)</script>",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old .doc",
            b"",
        ] {
            assert_eq!(recognise(bad), None);
        }
    }

    #[test]
    fn names_are_made_harmless() {
        assert_eq!(
            safe_file_name("../../etc/passwd", FileKind::Pdf, 150),
            "passwd.pdf"
        );
        assert_eq!(
            safe_file_name("C:\\Users\\a\\Tarjous.PDF", FileKind::Pdf, 150),
            "Tarjous.pdf"
        );
        assert_eq!(safe_file_name("..", FileKind::Png, 150), "liite.png");
        assert_eq!(
            safe_file_name(".htaccess", FileKind::Pdf, 150),
            "htaccess.pdf"
        );
        assert_eq!(
            safe_file_name("lasku\u{0}.exe", FileKind::Pdf, 150),
            "lasku_.exe.pdf"
        );
        assert_eq!(safe_file_name("kuva.jpeg", FileKind::Jpeg, 150), "kuva.jpg");
        assert_eq!(
            safe_file_name("Esitys <v2>.pptx", FileKind::Pptx, 150),
            "Esitys _v2_.pptx"
        );
        let long = "a".repeat(500);
        assert_eq!(
            safe_file_name(&long, FileKind::Pdf, 150).chars().count(),
            150
        );
    }

    #[test]
    fn downloads_carry_both_name_forms() {
        assert_eq!(
            attachment_disposition("Hinta-erittely ä.pdf"),
            "attachment; filename=\"Hinta-erittely _.pdf\"; filename*=UTF-8''Hinta-erittely%20%C3%A4.pdf"
        );
    }
}
