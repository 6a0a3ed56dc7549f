/* confusion_metrics - your solution (C).
 * Check it with: mllab practice check confusion_metrics */

double confusion_metrics(const int *y_true, const int *y_pred, int n, int k, int *cm,
                         double *precision, double *recall, double *f1)
{
    (void)y_true;
    (void)y_pred;
    (void)n;
    for (int i = 0; i < k * k; i++)
        cm[i] = 0; /* TODO: count */
    for (int c = 0; c < k; c++)
        precision[c] = recall[c] = f1[c] = 0.0; /* TODO */
    return 0.0; /* TODO: the accuracy */
}
