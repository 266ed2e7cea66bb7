//! Published police information (信息公開): case notices, traffic, safety tips,
//! service notices. Published items are not edited; a correction is a new
//! announcement pointing at the one it corrects.

use crate::enums::AnnouncementCategory;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "announcement")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub category: AnnouncementCategory,
    pub district_id: Uuid,
    pub published_at: DateTimeUtc,
    pub author_id: Uuid,
    pub corrects_id: Option<Uuid>,
    pub correction_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::district::Entity",
        from = "Column::DistrictId",
        to = "super::district::Column::Id",
        fk_name = "fk_announcement_district_id"
    )]
    District,
    #[sea_orm(
        belongs_to = "super::officer::Entity",
        from = "Column::AuthorId",
        to = "super::officer::Column::Id",
        fk_name = "fk_announcement_author_id"
    )]
    Author,
    #[sea_orm(
        belongs_to = "Entity",
        from = "Column::CorrectsId",
        to = "Column::Id",
        fk_name = "fk_announcement_corrects_id"
    )]
    Corrects,
}

impl Related<super::district::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::District.def()
    }
}

/// The author.
impl Related<super::officer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
