/* params.h - parameter schemas and KEY=VALUE parsing.
 *
 * Each algorithm declares its parameters as a ParamSpec array ending with
 * {0}.  A Params holds one value per spec entry, starting from the defaults;
 * params_set validates the type, the range and the choices, and returns an
 * ERR_USAGE error naming the parameter when the value is wrong. */
#ifndef MLLAB_PARAMS_H
#define MLLAB_PARAMS_H

#include <stdbool.h>

#include "error.h"
#include "strbuf.h"

typedef enum {
    PARAM_INT,    /* integer within [min, max]                         */
    PARAM_FLOAT,  /* number within [min, max]                          */
    PARAM_BOOL,   /* true/false, yes/no, on/off, 1/0                   */
    PARAM_CHOICE, /* one of the '|'-separated words in `choices`       */
    PARAM_LIST,   /* comma-separated integers, each within [min, max]  */
    PARAM_STRING  /* free text (e.g. an architecture description)      */
} ParamType;

typedef struct ParamSpec {
    const char *name;    /* "lr" */
    ParamType type;
    const char *def;     /* default as text: "0.01", "gini", "128,128"   */
    double min, max;     /* inclusive range for INT, FLOAT, LIST         */
    const char *choices; /* "gini|entropy" for PARAM_CHOICE              */
    const char *help;    /* one line: "learning rate of gradient descent" */
} ParamSpec;

#define PARAMS_MAX_LIST 16

typedef struct ParamValue {
    char *text;                 /* the value as given (or the default) */
    double num;                 /* INT, FLOAT, BOOL (0/1)              */
    int list[PARAMS_MAX_LIST];  /* PARAM_LIST items                    */
    int list_len;
    bool is_default;
} ParamValue;

typedef struct Params {
    const ParamSpec *spec;
    int count;
    ParamValue *values; /* one per spec entry */
} Params;

/* Fill with the defaults of spec.  -1 on allocation failure. */
int params_init(Params *p, const ParamSpec *spec, Error *err);
void params_free(Params *p);
int params_copy(Params *dst, const Params *src, Error *err);
/* Set one parameter from text; ERR_USAGE for an unknown name or bad value. */
int params_set(Params *p, const char *name, const char *value, Error *err);
/* Parse "KEY=VALUE" and set it. */
int params_parse_kv(Params *p, const char *kv, Error *err);
/* The spec entry of a name, or NULL. */
const ParamSpec *params_find_spec(const ParamSpec *spec, const char *name);

/* Getters.  The name must exist in the schema (a programming error aborts
 * in debug builds and returns 0 otherwise). */
int params_int(const Params *p, const char *name);
double params_float(const Params *p, const char *name);
bool params_bool(const Params *p, const char *name);
const char *params_str(const Params *p, const char *name);
/* Copies up to max list items into out and returns how many there are. */
int params_list(const Params *p, const char *name, int *out, int max);

/* {"lr": 0.01, "criterion": "gini", "hidden": [128,128]} */
void params_to_json(const Params *p, StrBuf *sb);
/* "lr=0.01 criterion=gini" */
void params_to_text(const Params *p, StrBuf *sb);

#endif
