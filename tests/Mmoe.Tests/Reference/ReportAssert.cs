using Mmoe.Reference;

namespace Mmoe.Tests.Reference;

/// <summary>Assertions on a reproduction report's rows, to 4 decimals.</summary>
internal static class ReportAssert
{
    public static void Metrics(ReproductionReport report, string strategy, double f1, double precision, double recall, double accuracy)
    {
        var row = report.Strategy(strategy);
        Assert.True(row is not null, $"{report.Model}: no '{strategy}' row; rows: {string.Join(", ", report.Strategies.Select(s => s.Name))}");
        Assert.Equal(f1, row.Metrics.F1, 4);
        Assert.Equal(precision, row.Metrics.Precision, 4);
        Assert.Equal(recall, row.Metrics.Recall, 4);
        Assert.Equal(accuracy, row.Metrics.Accuracy, 4);
    }

    public static void PerInteraction(ReproductionReport report, InteractionType type, int size, double expertOnSubset, double baselineOnSubset, double expertOnAll)
    {
        var row = report.PerInteraction.Single(r => r.Type == type);
        Assert.Equal(size, row.SubsetSize);
        Assert.Equal(expertOnSubset, row.ExpertOnSubset!.F1, 4);
        Assert.Equal(baselineOnSubset, row.BaselineOnSubset!.F1, 4);
        Assert.Equal(expertOnAll, row.ExpertOnAll!.F1, 4);
    }
}
