/* test_graph.c - the edge-list graph and triangle closing: Zachary's karate
 * club against networkx (the commands and numbers are next to the tests),
 * small hand graphs, name order, repeated edges and self-loops, and the
 * errors for bad files and unknown nodes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "test_util.h"

static void load_karate(Graph *g)
{
    char path[1024];
    const char *dir = getenv("MLLAB_DATA_DIR");
    snprintf(path, sizeof path, "%s/karate_club.csv", dir ? dir : "datasets");
    Error err = { 0 };
    if (graph_load_csv(g, path, &err) < 0)
        fail_msg("%s", err.msg);
}

static void parse(Graph *g, const char *text)
{
    Error err = { 0 };
    if (graph_parse_csv(g, text, strlen(text), "t.csv", &err) < 0)
        fail_msg("%s", err.msg);
}

/* The parse fails with this code and a message containing want. */
static void assert_parse_error(const char *text, ErrorCode code, const char *want)
{
    Graph g;
    Error err = { 0 };
    assert_int_equal(graph_parse_csv(&g, text, strlen(text), "t.csv", &err), -1);
    assert_int_equal(err.code, code);
    if (!strstr(err.msg, want))
        fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void test_karate_club_has_34_nodes_and_78_edges(void **state)
{
    (void)state;
    Graph g;
    load_karate(&g);
    assert_int_equal(g.n, 34);
    assert_int_equal(g.n_edges, 78);
    assert_int_equal(g.n_duplicates, 0);
    assert_int_equal(g.n_self_loops, 0);
    assert_true(g.numeric_names);
    /* python3 -c "import networkx as nx; G=nx.karate_club_graph(); print(G.degree(0),
     *   G.degree(33))"  -> 16 17 */
    assert_int_equal(graph_degree(&g, 0), 16);
    assert_int_equal(graph_degree(&g, 33), 17);
    /* node ids follow the names */
    for (int u = 0; u < g.n; u++) {
        char want[16];
        snprintf(want, sizeof want, "%d", u);
        assert_string_equal(g.names[u], want);
    }
    /* sorted, symmetric adjacency */
    for (int u = 0; u < g.n; u++)
        for (int i = 0; i < graph_degree(&g, u); i++) {
            int v = graph_neighbours(&g, u)[i];
            assert_true(i == 0 || graph_neighbours(&g, u)[i - 1] < v);
            assert_true(graph_adjacent(&g, v, u));
        }
    assert_false(graph_adjacent(&g, 0, 33));
    graph_free(&g);
}

/* python3 -c "import networkx as nx; G=nx.karate_club_graph(); u=0;
 *   c=[v for v in G if v!=u and not G.has_edge(u,v) and len(list(nx.common_neighbors(G,u,v)))];
 *   print(sorted(((len(list(nx.common_neighbors(G,u,v))),v) for v in c),
 *                key=lambda t:(-t[0],t[1])))"
 * (networkx 3.6.1):
 * [(4, 33), (3, 32), (2, 16), (2, 28), (2, 30), (1, 9), (1, 24), (1, 25), (1, 27)] */
static void test_karate_node_0_ranked_by_common_friends_as_networkx(void **state)
{
    (void)state;
    const int node[] = { 33, 32, 16, 28, 30, 9, 24, 25, 27 };
    const int common[] = { 4, 3, 2, 2, 2, 1, 1, 1, 1 };
    Graph g;
    load_karate(&g);
    GraphRecommendation r;
    assert_int_equal(graph_recommend(&g, 0, GRAPH_SCORE_COMMON, &r, NULL), 0);
    assert_int_equal(r.n, 9);
    for (int i = 0; i < 9; i++) {
        assert_int_equal(r.cand[i].node, node[i]);
        assert_int_equal(r.cand[i].n_common, common[i]);
    }
    /* the evidence: sorted(nx.common_neighbors(G, 0, 33)) -> [8, 13, 19, 31] */
    const int evidence[] = { 8, 13, 19, 31 };
    assert_memory_equal(r.cand[0].common, evidence, sizeof evidence);
    graph_recommendation_free(&r);
    graph_free(&g);
}

/* python3 -c "import networkx as nx; G=nx.karate_club_graph(); u=0;
 *   c=[v for v in G if v!=u and not G.has_edge(u,v) and len(list(nx.common_neighbors(G,u,v)))];
 *   print(sorted(nx.adamic_adar_index(G,[(u,v) for v in c]), key=lambda t:(-t[2],t[1])))"
 * (networkx 3.6.1), and the same with u=33 (first five). */
static void test_karate_adamic_adar_matches_networkx(void **state)
{
    (void)state;
    const int node0[] = { 33, 32, 16, 30, 28, 24, 25, 9, 27 };
    const double aa0[] = { 2.7110197222973085,  1.613740043014111,   1.4426950408889634,
                           1.0764545478730305,  0.9924051084544989,  0.5581106265512472,
                           0.5581106265512472,  0.43429448190325176, 0.43429448190325176 };
    const int node33[] = { 2, 0, 1, 24, 25 };
    const double aa33[] = { 4.719381261461351, 2.7110197222973085, 2.252921681630931,
                            1.279458146995729, 1.179445561110859 };
    Graph g;
    load_karate(&g);
    GraphRecommendation r;
    assert_int_equal(graph_recommend(&g, 0, GRAPH_SCORE_ADAMIC_ADAR, &r, NULL), 0);
    assert_int_equal(r.n, 9);
    for (int i = 0; i < 9; i++) {
        assert_int_equal(r.cand[i].node, node0[i]);
        assert_near(r.cand[i].adamic_adar, aa0[i], 1e-12);
    }
    graph_recommendation_free(&r);
    assert_int_equal(graph_recommend(&g, 33, GRAPH_SCORE_ADAMIC_ADAR, &r, NULL), 0);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(r.cand[i].node, node33[i]);
        assert_near(r.cand[i].adamic_adar, aa33[i], 1e-12);
    }
    graph_recommendation_free(&r);
    graph_free(&g);
}

static void test_a_hand_graph_with_named_people(void **state)
{
    (void)state;
    Graph g;
    /* alice-bob-carol form a triangle; dave knows bob and carol; erin knows dave */
    parse(&g, "source,target\nalice,bob\nbob,carol\ncarol,alice\ncarol,dave\nbob,dave\n"
              "dave,erin\n");
    assert_false(g.numeric_names);
    int alice = graph_node(&g, "alice", NULL), dave = graph_node(&g, "dave", NULL);
    assert_int_equal(alice, 0); /* names in byte order */
    assert_int_equal(dave, 3);
    GraphRecommendation r;
    assert_int_equal(graph_recommend(&g, alice, GRAPH_SCORE_ADAMIC_ADAR, &r, NULL), 0);
    /* only dave is two steps away: common friends bob and carol (degree 3 each) */
    assert_int_equal(r.n, 1);
    assert_int_equal(r.cand[0].node, dave);
    assert_int_equal(r.cand[0].n_common, 2);
    assert_string_equal(g.names[r.cand[0].common[0]], "bob");
    assert_string_equal(g.names[r.cand[0].common[1]], "carol");
    assert_near(r.cand[0].adamic_adar, 2 / log(3.0), 1e-15);
    graph_recommendation_free(&r);
    /* erin: dave's friends bob and carol, one common friend each; ties by id */
    assert_int_equal(graph_recommend(&g, graph_node(&g, "erin", NULL), GRAPH_SCORE_COMMON, &r,
                                     NULL),
                     0);
    assert_int_equal(r.n, 2);
    assert_string_equal(g.names[r.cand[0].node], "bob");
    assert_string_equal(g.names[r.cand[1].node], "carol");
    graph_recommendation_free(&r);
    graph_free(&g);
}

static void test_a_star_centre_has_no_candidates_and_a_leaf_has_the_others(void **state)
{
    (void)state;
    Graph g;
    parse(&g, "target,source\n0,1\n0,2\n0,3\n0,4\n");
    GraphRecommendation r;
    assert_int_equal(graph_recommend(&g, 0, GRAPH_SCORE_COMMON, &r, NULL), 0);
    assert_int_equal(r.n, 0);
    graph_recommendation_free(&r);
    assert_int_equal(graph_recommend(&g, 2, GRAPH_SCORE_ADAMIC_ADAR, &r, NULL), 0);
    assert_int_equal(r.n, 3);
    const int others[] = { 1, 3, 4 };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(r.cand[i].node, others[i]);
        assert_int_equal(r.cand[i].common[0], 0);
        assert_near(r.cand[i].adamic_adar, 1 / log(4.0), 1e-15);
    }
    graph_recommendation_free(&r);
    graph_free(&g);
}

static void test_repeated_edges_and_self_loops_are_counted_and_dropped(void **state)
{
    (void)state;
    Graph g;
    /* lines: 1 header, 2 a-b, 3 b-a (repeat of 2), 4 a-b (repeat), 5 c-c, 6 b-c */
    parse(&g, "source,target\r\na,b\r\nb,a\r\na,b\r\nc,c\r\n\r\nb,c\r\n");
    assert_int_equal(g.n, 3);
    assert_int_equal(g.n_rows, 5);
    assert_int_equal(g.n_edges, 2);
    assert_int_equal(g.n_duplicates, 2);
    assert_int_equal(g.n_self_loops, 1);
    assert_int_equal(g.duplicate_line, 3);
    assert_int_equal(g.duplicate_first_line, 2);
    assert_int_equal(g.self_loop_line, 5);
    assert_int_equal(graph_degree(&g, 0), 1);
    assert_int_equal(graph_degree(&g, 1), 2);
    graph_free(&g);
}

static void test_integer_names_are_ordered_numerically_and_quotes_are_read(void **state)
{
    (void)state;
    Graph g;
    parse(&g, "weight,source,target\n1,10,9\n1,2,10\n1,-1,2\n");
    assert_true(g.numeric_names);
    assert_string_equal(g.names[0], "-1");
    assert_string_equal(g.names[1], "2");
    assert_string_equal(g.names[2], "9");
    assert_string_equal(g.names[3], "10");
    graph_free(&g);
    parse(&g, "source,target\n\"Smith, J\" , \"O\"\"Neil\"\n1,Smith\n");
    assert_false(g.numeric_names);
    assert_int_equal(g.n, 4);
    assert_true(graph_node(&g, "Smith, J", NULL) >= 0);
    assert_true(graph_node(&g, "O\"Neil", NULL) >= 0);
    graph_free(&g);
}

static void test_bad_edge_lists_are_located_data_errors(void **state)
{
    (void)state;
    assert_parse_error("from,to\n1,2\n", ERR_DATA, "t.csv:1: the header needs columns");
    assert_parse_error("source,target\n1,2\n3\n", ERR_DATA, "t.csv:3: 1 field, but");
    assert_parse_error("source,target\n1,2\n3,\n", ERR_DATA, "t.csv:3:2: empty node name");
    assert_parse_error("source,target\n1,2\n3,a\"b\n", ERR_DATA, "t.csv:3:2: misplaced quote");
    assert_parse_error("source,target\n1,\"2\n", ERR_DATA, "t.csv:2:2: misplaced quote");
    assert_parse_error("", ERR_DATA, "empty file");
    assert_parse_error("\n\nsource,target\n\n", ERR_DATA, "no edges");
    Graph g;
    Error err = { 0 };
    assert_int_equal(graph_load_csv(&g, "/nonexistent/edges.csv", &err), -1);
    assert_int_equal(err.code, ERR_IO);
}

static void test_an_unknown_node_is_a_usage_error_naming_the_range(void **state)
{
    (void)state;
    Graph g;
    load_karate(&g);
    Error err = { 0 };
    assert_int_equal(graph_node(&g, "34", &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "unknown node '34'"));
    assert_non_null(strstr(err.msg, "0 .. 33"));
    GraphRecommendation r;
    assert_int_equal(graph_recommend(&g, 40, GRAPH_SCORE_COMMON, &r, &err), -1);
    graph_free(&g);
    GraphScore s;
    assert_int_equal(graph_score_parse("jaccard", &s), -1);
    assert_int_equal(graph_score_parse("adamic_adar", &s), 0);
    assert_string_equal(graph_score_name(s), "adamic_adar");
}

/* ---- the layout --------------------------------------------------------- */

static double dist(const double *xy, int a, int b)
{
    return hypot(xy[2 * a] - xy[2 * b], xy[2 * a + 1] - xy[2 * b + 1]);
}

static void test_layout_is_seeded_and_fills_the_unit_square(void **state)
{
    (void)state;
    Graph g;
    load_karate(&g);
    Error err = { 0 };
    double a[68], b[68], c[68];
    assert_int_equal(graph_layout(&g, 7, 200, a, &err), 0);
    assert_int_equal(graph_layout(&g, 7, 200, b, &err), 0);
    assert_int_equal(graph_layout(&g, 8, 200, c, &err), 0);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);
    for (int axis = 0; axis < 2; axis++) {
        double lo = 1, hi = 0;
        for (int i = 0; i < g.n; i++) {
            lo = fmin(lo, a[2 * i + axis]);
            hi = fmax(hi, a[2 * i + axis]);
        }
        assert_near(lo, 0.0, 1e-12);
        assert_near(hi, 1.0, 1e-12);
    }
    graph_free(&g);
}

/* Friends are drawn closer than strangers: the mean length of the 78 edges
 * is below the mean distance of the pairs that are not friends. */
static void test_layout_draws_friends_closer_than_strangers(void **state)
{
    (void)state;
    Graph g;
    load_karate(&g);
    Error err = { 0 };
    double xy[68], edge = 0, other = 0;
    int n_edge = 0, n_other = 0;
    assert_int_equal(graph_layout(&g, 42, 200, xy, &err), 0);
    for (int u = 0; u < g.n; u++)
        for (int v = u + 1; v < g.n; v++) {
            if (graph_adjacent(&g, u, v))
                edge += dist(xy, u, v), n_edge++;
            else
                other += dist(xy, u, v), n_other++;
        }
    assert_int_equal(n_edge, 78);
    assert_true(edge / n_edge < 0.7 * (other / n_other));
    graph_free(&g);
}

/* A path a - b - c: b ends up between a and c. */
static void test_layout_puts_the_middle_of_a_path_between_its_ends(void **state)
{
    (void)state;
    Graph g;
    parse(&g, "source,target\na,b\nb,c\n");
    Error err = { 0 };
    double xy[6];
    assert_int_equal(graph_layout(&g, 1, 300, xy, &err), 0);
    int a = graph_node(&g, "a", &err), b = graph_node(&g, "b", &err),
        c = graph_node(&g, "c", &err);
    assert_true(dist(xy, a, c) > dist(xy, a, b));
    assert_true(dist(xy, a, c) > dist(xy, b, c));
    assert_int_equal(graph_layout(&g, 1, -1, xy, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    graph_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_karate_club_has_34_nodes_and_78_edges),
        cmocka_unit_test(test_karate_node_0_ranked_by_common_friends_as_networkx),
        cmocka_unit_test(test_karate_adamic_adar_matches_networkx),
        cmocka_unit_test(test_a_hand_graph_with_named_people),
        cmocka_unit_test(test_a_star_centre_has_no_candidates_and_a_leaf_has_the_others),
        cmocka_unit_test(test_repeated_edges_and_self_loops_are_counted_and_dropped),
        cmocka_unit_test(test_integer_names_are_ordered_numerically_and_quotes_are_read),
        cmocka_unit_test(test_bad_edge_lists_are_located_data_errors),
        cmocka_unit_test(test_an_unknown_node_is_a_usage_error_naming_the_range),
        cmocka_unit_test(test_layout_is_seeded_and_fills_the_unit_square),
        cmocka_unit_test(test_layout_draws_friends_closer_than_strangers),
        cmocka_unit_test(test_layout_puts_the_middle_of_a_path_between_its_ends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
