using System.Globalization;

namespace Mmoe.Cli;

internal static class Formatting
{
    public static string Metric(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Percent(int part, int whole) =>
        whole == 0 ? "-" : ((double)part / whole).ToString("0.0%", CultureInfo.InvariantCulture);
}
