/* class_weight.c - balanced class weights (see class_weight.h). */
#include "class_weight.h"

#include <string.h>

bool class_weight_is_balanced(const char *text)
{
    return text && strcmp(text, "balanced") == 0;
}

void class_weights_balanced(const int *y, int n, int k, float *w)
{
    for (int c = 0; c < k; c++)
        w[c] = 0.0f;
    for (int i = 0; i < n; i++)
        if (y[i] >= 0 && y[i] < k)
            w[y[i]] += 1.0f;
    for (int c = 0; c < k; c++)
        w[c] = w[c] > 0.0f ? (float)((double)n / ((double)k * w[c])) : 0.0f;
}
