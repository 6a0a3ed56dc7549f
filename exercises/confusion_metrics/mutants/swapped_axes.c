/* mutant: precision from the row and recall from the column (swapped):
 * fails hundred_patients. */

static double ratio(double num, double den)
{
    return den > 0 ? num / den : 0.0;
}

double confusion_metrics(const int *y_true, const int *y_pred, int n, int k, int *cm,
                         double *precision, double *recall, double *f1)
{
    for (int i = 0; i < k * k; i++)
        cm[i] = 0;
    for (int i = 0; i < n; i++)
        cm[y_true[i] * k + y_pred[i]]++;
    long diagonal = 0;
    for (int c = 0; c < k; c++) {
        long row = 0, col = 0;
        for (int j = 0; j < k; j++) {
            row += cm[c * k + j];
            col += cm[j * k + c];
        }
        diagonal += cm[c * k + c];
        precision[c] = ratio(cm[c * k + c], (double)row);
        recall[c] = ratio(cm[c * k + c], (double)col);
        f1[c] = ratio(2.0 * precision[c] * recall[c], precision[c] + recall[c]);
    }
    return ratio((double)diagonal, n);
}
