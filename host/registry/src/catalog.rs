//! [`Catalog`]: the skills loaded at one moment, and which skill a message goes to.

use std::collections::HashMap;
use std::time::SystemTime;

use skillhost_runtime::{Plugin, SkillCard};

/// One skill and the plugin that runs it.
#[derive(Clone)]
pub struct Skill {
    /// How the plugin describes it.
    pub card: SkillCard,
    /// The plugin that runs it.
    pub plugin: Plugin,
}

/// An immutable set of skills with their routing rules.
pub struct Catalog {
    skills: Vec<Skill>,
    by_id: HashMap<String, usize>,
    default_skill: Option<usize>,
    loaded_at: SystemTime,
}

/// Why a message could not be routed to a skill.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    /// `skillId` names no loaded skill.
    #[error("unknown skill {requested:?}; available skills: {}", list(.available))]
    Unknown {
        /// What the client asked for.
        requested: String,
        /// What exists.
        available: Vec<String>,
    },
    /// No `skillId`, several skills and no default.
    #[error("no skill chosen: set message.metadata.skillId to one of: {}", list(.available))]
    Unchosen {
        /// What exists.
        available: Vec<String>,
    },
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "(none loaded)".into()
    } else {
        ids.join(", ")
    }
}

impl Catalog {
    /// A catalog of `skills` (ids must be unique) with an optional default skill id, which
    /// must be one of them.
    pub(crate) fn new(
        skills: Vec<Skill>,
        default_skill: Option<&str>,
    ) -> Result<Self, crate::RegistryError> {
        let by_id: HashMap<String, usize> = skills
            .iter()
            .enumerate()
            .map(|(i, s)| (s.card.id.clone(), i))
            .collect();
        let default_skill = match default_skill {
            Some(id) => match by_id.get(id) {
                Some(&i) => Some(i),
                None => {
                    let loaded = skills.iter().map(|s| s.card.id.clone()).collect();
                    return Err(crate::RegistryError::UnknownDefault {
                        id: id.to_string(),
                        loaded,
                    });
                }
            },
            None => None,
        };
        Ok(Self {
            skills,
            by_id,
            default_skill,
            loaded_at: SystemTime::now(),
        })
    }

    /// Every skill, in load order (plugin directory name, then the order `describe` gave).
    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    /// The skill that handles messages without `skillId`, if there is one: the configured
    /// default, else the only skill.
    pub fn default_skill(&self) -> Option<&Skill> {
        match (self.default_skill, self.skills.as_slice()) {
            (Some(i), _) => self.skills.get(i),
            (None, [only]) => Some(only),
            (None, _) => None,
        }
    }

    /// The skill for a message: the one named by `requested` (`message.metadata.skillId`),
    /// else the default skill.
    pub fn route(&self, requested: Option<&str>) -> Result<&Skill, RouteError> {
        match requested {
            Some(id) => {
                self.by_id
                    .get(id)
                    .map(|&i| &self.skills[i])
                    .ok_or_else(|| RouteError::Unknown {
                        requested: id.to_string(),
                        available: self.ids(),
                    })
            }
            None => self.default_skill().ok_or_else(|| RouteError::Unchosen {
                available: self.ids(),
            }),
        }
    }

    /// When this catalog was built (the Agent Card's `Last-Modified`).
    pub fn loaded_at(&self) -> SystemTime {
        self.loaded_at
    }

    /// The skill with this id.
    pub fn get(&self, id: &str) -> Option<&Skill> {
        self.by_id.get(id).map(|&i| &self.skills[i])
    }

    fn ids(&self) -> Vec<String> {
        self.skills.iter().map(|s| s.card.id.clone()).collect()
    }
}
