//! [`Catalog`]: the skills loaded at one moment, and which skill a message goes to.

use std::collections::HashMap;
use std::time::SystemTime;

use std::sync::Arc;

use skillhost_runtime::Plugin;
use skillhost_types::skill::{RouteError, SkillCard};

/// One skill and the plugin that runs it.
#[derive(Clone)]
pub struct Skill {
    /// How the plugin describes it; shared, since every task of the skill refers to it.
    pub card: Arc<SkillCard>,
    /// The plugin that runs it.
    pub plugin: Plugin,
    /// The SHA-256 of the plugin's component (lowercase hex): the version that runs a turn.
    pub component: Arc<str>,
}

/// An immutable set of skills with their routing rules.
pub struct Catalog {
    skills: Vec<Skill>,
    by_id: HashMap<String, usize>,
    default_skill: Option<usize>,
    loaded_at: SystemTime,
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
