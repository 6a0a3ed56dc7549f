/* charlm_data.h - text corpora for the language models (bigram, rnn).
 *
 * A corpus is a list of sequences of tokens over a small vocabulary.
 * Token 0 is the boundary '.', which starts and ends every sequence (it is
 * never stored in the sequences themselves).
 *
 *  unit=char  one sequence per non-empty line; the vocabulary is '.' and the
 *             26 letters a-z (tokens 1..26), makemore's 27 symbols.  Any other
 *             character is an ERR_DATA "FILE:LINE:COLUMN: ..." error.  A
 *             trailing '\r' and surrounding blanks are ignored.
 *  unit=word  one sequence per non-empty line; words are maximal runs of
 *             letters, digits and apostrophes, lower-cased (ASCII); other
 *             bytes separate words.  The vocabulary is '.', then the
 *             max_vocab - 2 most frequent words (ties: alphabetical), then
 *             "<unk>" for every other word.
 *
 * The split follows makemore: n_test = min(1000, n / 10) sequences are held
 * out, chosen by a permutation drawn from the seed (rng_permutation): the
 * last n_test entries of the permutation are the test part, the others (in
 * permutation order) the training part. */
#ifndef MLLAB_CHARLM_DATA_H
#define MLLAB_CHARLM_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define CHARLM_CHARS 27 /* '.', a..z */

typedef enum { UNIT_CHAR, UNIT_WORD } TextUnit;

typedef struct TextCorpus {
    char *name;      /* "names" or the file's path                     */
    TextUnit unit;
    int vocab;       /* symbols, boundary included (27 for characters) */
    char **symbols;  /* vocab strings: ".", "a", ... or the words      */
    int n_seqs;
    int *start;      /* n_seqs + 1 offsets into tokens                 */
    int *tokens;     /* every sequence's tokens, without boundaries    */
    int max_len;     /* the longest sequence's length                  */
} TextCorpus;

static inline int corpus_len(const TextCorpus *c, int i) { return c->start[i + 1] - c->start[i]; }
static inline const int *corpus_seq(const TextCorpus *c, int i) { return c->tokens + c->start[i]; }

/* The split: index arrays into the corpus's sequences. */
typedef struct CorpusSplit {
    int *train, n_train;
    int *test, n_test;
} CorpusSplit;

/* "names" (datasets/names.txt) or a path.  max_vocab only for UNIT_WORD
 * (>= 3).  ERR_IO, ERR_DATA (bad character, empty corpus), ERR_NOMEM. */
int corpus_load(TextCorpus *c, const char *name_or_path, TextUnit unit, int max_vocab,
                Error *err);
/* The same from memory; label names it in messages. */
int corpus_parse(TextCorpus *c, const char *text, size_t len, const char *label, TextUnit unit,
                 int max_vocab, Error *err);
void corpus_free(TextCorpus *c);

/* makemore's split (see the top).  -1 on allocation failure. */
int corpus_split(const TextCorpus *c, uint64_t seed, CorpusSplit *s, Error *err);
void corpus_split_free(CorpusSplit *s);

/* The text of a token sequence: letters joined for characters, words
 * separated by spaces.  Writes at most size bytes (NUL included). */
void corpus_decode(const TextCorpus *c, const int *tokens, int n, char *buf, size_t size);

/* Parse "char" / "word". -1 otherwise. */
int text_unit_parse(const char *s, TextUnit *out);

#endif
