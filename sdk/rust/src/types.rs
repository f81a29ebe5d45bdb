//! The data types of `a2a:skill`, with constructors and accessors that make them pleasant.

pub use crate::wit::a2a::skill::types::{
    Artifact, Message, Outcome, Part, PartContent, Reply, Role, SkillCard, SkillError, Turn,
};

impl Part {
    /// A text part.
    pub fn text(text: impl Into<String>) -> Self {
        Self::of(PartContent::Text(text.into()))
    }

    /// A part of inline bytes, such as a file's content.
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Self::of(PartContent::Raw(bytes.into()))
    }

    /// A reference to content at a URL.
    pub fn url(url: impl Into<String>) -> Self {
        Self::of(PartContent::Url(url.into()))
    }

    /// A part of structured data, given as JSON text (the host checks that it parses).
    pub fn data_json(json: impl Into<String>) -> Self {
        Self::of(PartContent::Data(json.into()))
    }

    /// Sets the media type, such as `text/csv`.
    pub fn with_media_type(mut self, media_type: impl Into<String>) -> Self {
        self.media_type = Some(media_type.into());
        self
    }

    /// Sets the file name.
    pub fn with_filename(mut self, filename: impl Into<String>) -> Self {
        self.filename = Some(filename.into());
        self
    }

    /// The text of a text part.
    pub fn as_text(&self) -> Option<&str> {
        match &self.content {
            PartContent::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The bytes of a raw part.
    pub fn as_raw(&self) -> Option<&[u8]> {
        match &self.content {
            PartContent::Raw(r) => Some(r),
            _ => None,
        }
    }

    fn of(content: PartContent) -> Self {
        Self {
            content,
            media_type: None,
            filename: None,
            metadata: None,
        }
    }
}

impl Message {
    /// The text parts, joined by newlines.
    pub fn text(&self) -> String {
        join_text(&self.parts)
    }
}

impl Turn {
    /// The text of the new message.
    pub fn text(&self) -> String {
        self.message.text()
    }

    /// Earlier messages and then the new one, oldest first (`.rev()` for newest first).
    pub fn conversation(&self) -> impl DoubleEndedIterator<Item = &Message> {
        self.history.iter().chain(std::iter::once(&self.message))
    }
}

impl Message {
    /// The string member `key` of this message's metadata, if it has one.
    pub fn metadata_str(&self, key: &str) -> Option<String> {
        crate::metadata::string_member(self.metadata.as_deref()?, key)
    }
}

impl Reply {
    /// A reply of one text part.
    pub fn text(text: impl Into<String>) -> Self {
        Self::new(vec![Part::text(text)])
    }

    /// A reply of these parts.
    pub fn new(parts: Vec<Part>) -> Self {
        Self {
            parts,
            metadata: None,
        }
    }
}

impl Artifact {
    /// An artifact of these parts.
    pub fn new(id: impl Into<String>, name: impl Into<String>, parts: Vec<Part>) -> Self {
        Self {
            artifact_id: id.into(),
            name: Some(name.into()),
            description: None,
            parts,
            metadata: None,
        }
    }

    /// An artifact of one text part.
    pub fn text(id: impl Into<String>, name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::new(id, name, vec![Part::text(text)])
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

impl SkillCard {
    /// A card with an id, a name and a description; no tags, examples or modes.
    pub fn new(id: &str, name: &str, description: &str) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            description: description.into(),
            tags: Vec::new(),
            examples: Vec::new(),
            input_modes: Vec::new(),
            output_modes: Vec::new(),
        }
    }

    /// Sets the tags.
    pub fn tags(mut self, tags: &[&str]) -> Self {
        self.tags = strings(tags);
        self
    }

    /// Sets the example prompts.
    pub fn examples(mut self, examples: &[&str]) -> Self {
        self.examples = strings(examples);
        self
    }

    /// Sets the accepted media types.
    pub fn input_modes(mut self, modes: &[&str]) -> Self {
        self.input_modes = strings(modes);
        self
    }

    /// Sets the produced media types.
    pub fn output_modes(mut self, modes: &[&str]) -> Self {
        self.output_modes = strings(modes);
        self
    }
}

impl SkillError {
    /// The skill's own error, with the reason for the client.
    pub fn new(reason: impl Into<String>) -> Self {
        Self {
            reason: reason.into(),
        }
    }
}

impl From<String> for SkillError {
    fn from(reason: String) -> Self {
        Self { reason }
    }
}

impl From<&str> for SkillError {
    fn from(reason: &str) -> Self {
        Self {
            reason: reason.into(),
        }
    }
}

fn join_text(parts: &[Part]) -> String {
    let texts: Vec<&str> = parts.iter().filter_map(Part::as_text).collect();
    texts.join("\n")
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}
