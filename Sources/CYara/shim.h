#include <yara.h>

// YR_RULE and YR_META keep their strings in unions (DECLARE_REFERENCE) that
// Swift imports awkwardly; these accessors read them the way yara's own
// yr_rule_*_foreach macros do.

static inline const char *palisade_yr_rule_identifier(const YR_RULE *rule) {
    return rule->identifier;
}

static inline const char *palisade_yr_rule_namespace(const YR_RULE *rule) {
    return rule->ns != NULL ? rule->ns->name : NULL;
}

/// Tags as consecutive NUL-terminated strings, ended by an empty string.
static inline const char *palisade_yr_rule_tags(const YR_RULE *rule) {
    return rule->tags;
}

static inline const YR_META *palisade_yr_rule_metas(const YR_RULE *rule) {
    return rule->metas;
}

/// The meta after `meta` in the same rule, or NULL after the last one.
static inline const YR_META *palisade_yr_meta_next(const YR_META *meta) {
    return META_IS_LAST_IN_RULE(meta) ? NULL : meta + 1;
}

static inline const char *palisade_yr_meta_identifier(const YR_META *meta) {
    return meta->identifier;
}

/// The meta's string value, or NULL for integer and boolean metas.
static inline const char *palisade_yr_meta_string(const YR_META *meta) {
    return meta->type == META_TYPE_STRING ? meta->string : NULL;
}
