/* stats.c - the significance tests used to compare two classifiers:
 * McNemar's test on one test set, and the paired t-test over folds.
 *
 * The Student t distribution comes from the regularised incomplete beta
 * function, evaluated by its continued fraction with the modified Lentz
 * method, so the project needs no statistics library. */
#include "metrics.h"

#include <float.h>
#include <math.h>

double stats_mean(const double *v, int n)
{
    if (n < 1)
        return NAN;
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += v[i];
    return sum / n;
}

double stats_std(const double *v, int n)
{
    if (n < 2)
        return 0.0;
    double mean = stats_mean(v, n), sq = 0.0;
    for (int i = 0; i < n; i++)
        sq += (v[i] - mean) * (v[i] - mean);
    return sqrt(sq / (n - 1));
}

/* ---- the incomplete beta function --------------------------------------- */

/* Replace a value too close to zero by a tiny one (Lentz's guard). */
static double nonzero(double v)
{
    const double tiny = 1e-300;
    return fabs(v) < tiny ? tiny : v;
}

/* The continued fraction for I_x(a, b) (without its prefactor):
 *
 *   1 / (1 + d1 / (1 + d2 / (1 + ...)))   with
 *   d(2m)   =  m (b - m) x / ((a + 2m - 1)(a + 2m))
 *   d(2m+1) = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
 *
 * evaluated front to back by the modified Lentz method.  It converges fast
 * for x < (a + 1) / (a + b + 2). */
static double incbeta_fraction(double a, double b, double x)
{
    const int max_terms = 500;
    const double tolerance = 1e-15;
    double c = 1.0;
    double d = 1.0 / nonzero(1.0 - (a + b) * x / (a + 1.0));
    double f = d;
    for (int m = 1; m <= max_terms; m++) {
        double m2 = 2.0 * m;
        /* even term */
        double coef = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
        d = 1.0 / nonzero(1.0 + coef * d);
        c = nonzero(1.0 + coef / c);
        f *= c * d;
        /* odd term */
        coef = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
        d = 1.0 / nonzero(1.0 + coef * d);
        c = nonzero(1.0 + coef / c);
        double delta = c * d;
        f *= delta;
        if (fabs(delta - 1.0) < tolerance)
            break;
    }
    return f;
}

double stats_incbeta(double a, double b, double x)
{
    if (isnan(a) || isnan(b) || isnan(x) || a <= 0.0 || b <= 0.0)
        return NAN;
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    /* x^a (1-x)^b / (a B(a, b)), in logs to stay finite. */
    double log_front = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    double front = exp(log_front);
    /* Use the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction
     * converges faster. */
    if (x < (a + 1.0) / (a + b + 2.0))
        return front * incbeta_fraction(a, b, x) / a;
    return 1.0 - front * incbeta_fraction(b, a, 1.0 - x) / b;
}

/* P(|T| >= |t|) for Student's t with df degrees of freedom:
 * I_{df/(df+t²)}(df/2, 1/2), computed directly so small p-values keep their
 * precision. */
static double t_two_sided_tail(double t, double df)
{
    if (isinf(t))
        return 0.0;
    if (isinf(df))
        return erfc(fabs(t) / sqrt(2.0));
    return stats_incbeta(df / 2.0, 0.5, df / (df + t * t));
}

double stats_t_cdf(double t, double df)
{
    if (isnan(t) || isnan(df) || df <= 0.0)
        return NAN;
    double half_tail = 0.5 * t_two_sided_tail(t, df);
    return t > 0.0 ? 1.0 - half_tail : half_tail;
}

double stats_paired_t_p(const double *a, const double *b, int n)
{
    if (n < 2)
        return NAN;
    double mean = 0.0;
    for (int i = 0; i < n; i++)
        mean += a[i] - b[i];
    mean /= n;
    double sq = 0.0;
    for (int i = 0; i < n; i++) {
        double e = a[i] - b[i] - mean;
        sq += e * e;
    }
    double sd = sqrt(sq / (n - 1));
    if (sd == 0.0)
        return mean == 0.0 ? 1.0 : 0.0; /* no spread: no difference, or a sure one */
    double t = mean / (sd / sqrt((double)n));
    return t_two_sided_tail(t, n - 1.0);
}

/* ---- McNemar ------------------------------------------------------------- */

/* Two-sided exact binomial p-value for min(b, c) successes out of b + c at
 * probability 1/2: 2 P(X <= min(b, c)), at most 1. */
static double exact_binomial_p(int b, int c)
{
    int n = b + c, low = b < c ? b : c;
    double sum = 0.0;
    for (int i = 0; i <= low; i++)
        /* C(n, i) / 2^n, in logs */
        sum += exp(lgamma(n + 1.0) - lgamma(i + 1.0) - lgamma(n - i + 1.0) - n * M_LN2);
    double p = 2.0 * sum;
    return p > 1.0 ? 1.0 : p;
}

McNemar stats_mcnemar_from_counts(int b, int c)
{
    McNemar m = { .b = b, .c = c, .statistic = 0.0, .p_value = 1.0 };
    if (b + c == 0)
        return m;
    /* Continuity-corrected chi-square; the correction never goes below 0,
     * so b = c gives 0 and p = 1. */
    double excess = fabs((double)b - c) - 1.0;
    if (excess < 0.0)
        excess = 0.0;
    m.statistic = excess * excess / (b + c);
    if (b + c < 25)
        m.p_value = exact_binomial_p(b, c);
    else
        /* survival function of chi-square with 1 degree of freedom */
        m.p_value = erfc(sqrt(m.statistic / 2.0));
    return m;
}

McNemar stats_mcnemar(const int *y_true, const int *pred_a, const int *pred_b, int n)
{
    int b = 0, c = 0;
    for (int i = 0; i < n; i++) {
        bool a_right = pred_a[i] == y_true[i];
        bool b_right = pred_b[i] == y_true[i];
        if (a_right && !b_right)
            b++;
        else if (!a_right && b_right)
            c++;
    }
    return stats_mcnemar_from_counts(b, c);
}

/* ---- the chi-square distribution (practice mode's goodness of fit) ------ */

/* Regularised lower incomplete gamma P(a, x) by its series (x < a + 1). */
static double gamma_p_series(double a, double x)
{
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 1000 && fabs(term) > fabs(sum) * DBL_EPSILON; n++) {
        term *= x / (a + n);
        sum += term;
    }
    return sum * exp(-x + a * log(x) - lgamma(a));
}

/* Regularised upper incomplete gamma Q(a, x) by its continued fraction
 * (x >= a + 1), modified Lentz. */
static double gamma_q_fraction(double a, double x)
{
    double b = x + 1.0 - a, c = 1.0 / 1e-300, d = 1.0 / nonzero(b), h = d;
    for (int i = 1; i < 1000; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = 1.0 / nonzero(an * d + b);
        c = nonzero(b + an / c);
        double delta = d * c;
        h *= delta;
        if (fabs(delta - 1.0) < DBL_EPSILON)
            break;
    }
    return exp(-x + a * log(x) - lgamma(a)) * h;
}

double stats_chi2_sf(double x, double df)
{
    if (!(df > 0) || isnan(x))
        return NAN;
    if (x <= 0)
        return 1.0;
    double a = df / 2.0, half = x / 2.0;
    return half < a + 1.0 ? 1.0 - gamma_p_series(a, half) : gamma_q_fraction(a, half);
}
