//! `Connection<N>` as a GraphQL object, written out by hand: async-graphql's derive takes
//! field descriptions from the Rust source, one text per Rust type, while the contract
//! documents (and shapes) each list's connection differently. Here the type's name,
//! description and optional fields come from `N`'s `ConnectionNode`.

use std::borrow::Cow;

use async_graphql::{
    ContainerType, Context, ContextSelectionSet, ObjectType, OutputType, Positioned, ServerResult,
    Value,
    indexmap::IndexMap,
    parser::types::Field,
    registry::{Deprecation, MetaField, MetaType, MetaTypeId, Registry},
    resolver_utils::resolve_container,
};

use super::{Connection, ConnectionNode, Edge, PageInfo, Shown, TotalCount};
use crate::service::inquiries::CappedCount;

impl<N: ConnectionNode> OutputType for Connection<N> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(N::CONNECTION)
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |registry| {
            let mut fields = Fields::default();
            fields.add::<Vec<Edge<N>>>(registry, "edges", Shown::Plain);
            fields.add::<Vec<N>>(registry, "nodes", N::NODES);
            fields.add::<PageInfo>(registry, "pageInfo", Shown::Plain);
            fields.add::<u64>(
                registry,
                "totalCount",
                <N::Count as TotalCount>::TOTAL_COUNT,
            );
            fields.add::<bool>(
                registry,
                "totalCountCapped",
                <N::Count as TotalCount>::TOTAL_COUNT_CAPPED,
            );
            MetaType::Object {
                name: N::CONNECTION.to_owned(),
                description: N::DESCRIPTION.map(str::to_owned),
                fields: fields.0,
                cache_control: Default::default(),
                extends: false,
                shareable: false,
                resolvable: true,
                keys: None,
                visible: None,
                inaccessible: false,
                interface_object: false,
                tags: Vec::new(),
                is_subscription: false,
                rust_typename: Some(std::any::type_name::<Self>()),
                directive_invocations: Vec::new(),
                requires_scopes: Vec::new(),
            }
        })
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl<N: ConnectionNode> ContainerType for Connection<N> {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let count = <N::Count as TotalCount>::TOTAL_COUNT;
        let capped = <N::Count as TotalCount>::TOTAL_COUNT_CAPPED;
        match ctx.item.node.name.node.as_str() {
            "edges" => resolve(ctx, &self.edges).await,
            "nodes" if N::NODES.is_shown() => resolve(ctx, &self.nodes()).await,
            "pageInfo" => resolve(ctx, &self.page_info).await,
            "totalCount" if count.is_shown() => {
                resolve(ctx, &counted(self, ctx).await?.count).await
            }
            "totalCountCapped" if capped.is_shown() => {
                resolve(ctx, &counted(self, ctx).await?.capped).await
            }
            _ => Ok(None),
        }
    }
}

impl<N: ConnectionNode> ObjectType for Connection<N> {}

/// The page's count, its failure reported at the current field as derived objects do.
async fn counted<N: ConnectionNode>(
    connection: &Connection<N>,
    ctx: &Context<'_>,
) -> ServerResult<CappedCount> {
    connection.counted(ctx).await.map_err(|err| {
        ctx.set_error_path(async_graphql::Error::from(err).into_server_error(ctx.item.pos))
    })
}

/// Resolves the current field's value with its own selection, as derived objects do.
async fn resolve<T: OutputType>(ctx: &Context<'_>, value: &T) -> ServerResult<Option<Value>> {
    let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
    OutputType::resolve(value, &inner, ctx.item).await.map(Some)
}

/// The fields of a connection type, in the order the contract lists them.
#[derive(Default)]
struct Fields(IndexMap<String, MetaField>);

impl Fields {
    fn add<T: OutputType>(&mut self, registry: &mut Registry, name: &str, shown: Shown) {
        if !shown.is_shown() {
            return;
        }
        let field = MetaField {
            name: name.to_owned(),
            description: shown.description().map(str::to_owned),
            args: Default::default(),
            ty: T::create_type_info(registry),
            deprecation: Deprecation::NoDeprecated,
            cache_control: Default::default(),
            external: false,
            requires: None,
            provides: None,
            visible: None,
            shareable: false,
            inaccessible: false,
            tags: Vec::new(),
            override_from: None,
            compute_complexity: None,
            directive_invocations: Vec::new(),
            requires_scopes: Vec::new(),
        };
        self.0.insert(name.to_owned(), field);
    }
}
