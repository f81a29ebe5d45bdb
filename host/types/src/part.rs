//! [`Part`]: one piece of content in a message or an artifact.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Metadata;

/// A2A `Part`: content plus optional media type, file name and metadata.
///
/// On the wire the content is one of the members `text`, `raw` (base64), `url` or `data`;
/// exactly one must be present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "wire::PartIn", into = "wire::PartOut")]
pub struct Part {
    /// What the part holds.
    pub content: PartContent,
    /// IANA media type, such as `text/csv`.
    pub media_type: Option<String>,
    /// File name, such as `report.md`.
    pub filename: Option<String>,
    /// Extra data about the part.
    pub metadata: Option<Metadata>,
}

/// The `oneof content` of a [`Part`].
#[derive(Debug, Clone, PartialEq)]
pub enum PartContent {
    /// Plain text.
    Text(String),
    /// Inline bytes.
    Raw(Vec<u8>),
    /// A reference to content elsewhere.
    Url(String),
    /// Any JSON value.
    Data(Value),
}

impl Part {
    /// A text part with no media type.
    pub fn text(text: impl Into<String>) -> Self {
        Self::from(PartContent::Text(text.into()))
    }

    /// The media type a client declared for this part, if any.
    pub fn declared_media_type(&self) -> Option<&str> {
        self.media_type.as_deref().filter(|m| !m.is_empty())
    }

    /// The text of a text part.
    pub fn as_text(&self) -> Option<&str> {
        match &self.content {
            PartContent::Text(t) => Some(t),
            _ => None,
        }
    }
}

impl From<PartContent> for Part {
    fn from(content: PartContent) -> Self {
        Self {
            content,
            media_type: None,
            filename: None,
            metadata: None,
        }
    }
}

/// The wire shapes. Reading goes through a struct of optional members so that a part with no
/// content, or with two, gets a precise error instead of serde's generic "no variant matched".
pub(crate) mod wire {
    use super::*;

    #[derive(Deserialize)]
    pub struct PartIn {
        text: Option<String>,
        raw: Option<String>,
        url: Option<String>,
        #[serde(default, deserialize_with = "present")]
        data: Option<Value>,
        metadata: Option<Metadata>,
        filename: Option<String>,
        #[serde(rename = "mediaType", alias = "media_type")]
        media_type: Option<String>,
    }

    /// Keeps `"data": null` apart from a missing `data` member: null is a valid JSON value.
    fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
        Value::deserialize(d).map(Some)
    }

    impl TryFrom<PartIn> for Part {
        type Error = String;

        fn try_from(p: PartIn) -> Result<Self, String> {
            let content = match (p.text, p.raw, p.url, p.data) {
                (Some(t), None, None, None) => PartContent::Text(t),
                (None, Some(r), None, None) => PartContent::Raw(decode_base64(&r)?),
                (None, None, Some(u), None) => PartContent::Url(u),
                (None, None, None, Some(d)) => PartContent::Data(d),
                (None, None, None, None) => {
                    return Err("a part needs one of `text`, `raw`, `url` or `data`".into());
                }
                _ => {
                    return Err("a part may hold only one of `text`, `raw`, `url` or `data`".into());
                }
            };
            let (media_type, filename, metadata) = (p.media_type, p.filename, p.metadata);
            Ok(Part {
                content,
                media_type,
                filename,
                metadata,
            })
        }
    }

    /// ProtoJSON writers use standard base64 but readers must take the URL-safe alphabet too.
    pub(crate) fn decode_base64(s: &str) -> Result<Vec<u8>, String> {
        let trimmed = s.trim_end_matches('=');
        let decoded = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(trimmed)
            .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(trimmed));
        decoded.map_err(|_| "`raw` must be base64".to_string())
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct PartOut {
        #[serde(skip_serializing_if = "Option::is_none")]
        text: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        raw: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        data: Option<Value>,
        #[serde(skip_serializing_if = "Option::is_none")]
        metadata: Option<Metadata>,
        #[serde(skip_serializing_if = "Option::is_none")]
        filename: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        media_type: Option<String>,
    }

    impl From<Part> for PartOut {
        fn from(p: Part) -> Self {
            let mut out = PartOut {
                text: None,
                raw: None,
                url: None,
                data: None,
                metadata: p.metadata,
                filename: p.filename,
                media_type: p.media_type,
            };
            match p.content {
                PartContent::Text(t) => out.text = Some(t),
                PartContent::Raw(r) => out.raw = Some(STANDARD.encode(r)),
                PartContent::Url(u) => out.url = Some(u),
                PartContent::Data(d) => out.data = Some(d),
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_member_round_trips() {
        for v in [
            json!({"text": "hi"}),
            json!({"raw": "aGVsbG8=", "mediaType": "text/plain", "filename": "a.txt"}),
            json!({"url": "https://example.com/a"}),
            json!({"data": {"k": [1, 2]}, "metadata": {"m": true}}),
            json!({"data": null}),
        ] {
            let part: Part = serde_json::from_value(v.clone()).expect("parses");
            assert_eq!(serde_json::to_value(&part).expect("serializes"), v);
        }
    }

    #[test]
    fn raw_accepts_url_safe_and_unpadded_base64() {
        let part: Part = serde_json::from_value(json!({"raw": "-_8"})).expect("parses");
        assert_eq!(part.content, PartContent::Raw(vec![0xfb, 0xff]));
    }

    #[test]
    fn zero_or_two_members_are_rejected_by_name() {
        let none = serde_json::from_value::<Part>(json!({"filename": "x"})).unwrap_err();
        assert!(none.to_string().contains("needs one of"), "{none}");
        let two = serde_json::from_value::<Part>(json!({"text": "a", "url": "b"})).unwrap_err();
        assert!(two.to_string().contains("only one of"), "{two}");
    }
}
