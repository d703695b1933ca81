using System.Globalization;
using Facet.Storage.Postgres;

namespace Facet.Storage.Tests.Postgres;

public sealed class PostgresSqlTests
{
    [Theory]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    public void CreatePartition_names_gregorian_bounds_under_a_culture_with_another_calendar(string culture)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var ddl = PostgresSql.CreatePartition(new DateOnly(2026, 11, 22));

            Assert.Equal(
                "CREATE TABLE IF NOT EXISTS fact_events_p20261122 PARTITION OF fact_events FOR VALUES FROM ('2026-11-22') TO ('2026-11-23')",
                ddl);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
