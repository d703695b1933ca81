using Facet.Storage.Windows;

namespace Facet.Storage.Tests.Windows;

/// <summary>The definition format (docs/windows.md): the built-ins, window starts, and one-line errors that name the fix.</summary>
public sealed class WindowDefinitionsTests
{
    [Fact]
    public void The_built_ins_are_shape_as_four_analyses_with_its_column_names_and_revenue_every_5_minutes()
    {
        var byName = WindowDefinitions.BuiltIn.ToDictionary(static d => d.Name);
        Assert.Equal(["conversion_hourly", "customer_analysis", "ordering_sessions_hourly", "product_analysis", "product_views_analysis", "revenue_5m", "sales_analysis", "sessions_hourly"], byName.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["gender"], byName["customer_analysis"].Keys);
        Assert.Equal(("last_login", TimeSpan.FromDays(1)), (byName["customer_analysis"].TimeField, byName["customer_analysis"].Size));
        Assert.Equal(["total_customers", "last_activity"], byName["customer_analysis"].Aggregates.Select(static a => a.Name));
        Assert.Equal(["average_price", "total_stock"], byName["product_analysis"].Aggregates.Select(static a => a.Name));
        Assert.Equal(["number_of_sales", "total_quantity_sold", "unique_customers"], byName["sales_analysis"].Aggregates.Select(static a => a.Name));
        Assert.Equal(WindowFunction.Distinct, byName["sales_analysis"].Aggregates[2].Function);
        Assert.Equal(["total_views", "average_view_duration"], byName["product_views_analysis"].Aggregates.Select(static a => a.Name));
        Assert.Equal(TimeSpan.FromHours(1), byName["product_views_analysis"].WatermarkDelay);
        Assert.Equal((WindowKind.Hopping, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)), (byName["revenue_5m"].Kind, byName["revenue_5m"].Size, byName["revenue_5m"].Slide));
    }

    [Fact]
    public void Conversion_per_hour_joins_sessions_from_the_click_stream_and_sessions_with_an_order_from_the_transactions()
    {
        var byName = WindowDefinitions.BuiltIn.ToDictionary(static d => d.Name);
        var conversion = byName["conversion_hourly"];
        Assert.True(conversion.IsJoin);
        Assert.Equal(["sessions_hourly", "ordering_sessions_hourly"], conversion.Join);
        Assert.Equal(["click_stream", "transactions"], conversion.JoinedDefinitions.Select(static d => d.Source));
        Assert.Equal((WindowKind.Tumbling, TimeSpan.FromHours(1)), (conversion.Kind, conversion.Size));
        Assert.Equal(["sessions", "events", "sessions_with_order", "orders", "conversion_rate"], conversion.Aggregates.Select(static a => a.Name));
        Assert.Equal(WindowFunction.Ratio, conversion.Aggregates[^1].Function);
        Assert.Equal(new WindowRatio("conversion_rate", "sessions_with_order", "sessions"), Assert.Single(conversion.Ratios));
        Assert.Equal(("session_id", WindowFunction.Distinct), (byName["sessions_hourly"].Aggregates[0].Field, byName["sessions_hourly"].Aggregates[0].Function));
        Assert.Equal(("session_id", WindowFunction.Distinct), (byName["ordering_sessions_hourly"].Aggregates[0].Field, byName["ordering_sessions_hourly"].Aggregates[0].Function));
    }

    [Theory]
    [InlineData("""{"name": "j", "join": ["sessions_hourly", "nope"]}""", "joins 'nope', which is not defined")]
    [InlineData("""{"name": "j", "join": ["sessions_hourly", "revenue_5m"]}""", "must have the same window (kind, size, slide) and keys")]
    [InlineData("""{"name": "j", "join": ["sessions_hourly", "ordering_sessions_hourly"], "ratios": [{"name": "r", "numerator": "orders", "denominator": "visits"}]}""", "ratio 'r' needs 'visits' to be a count, distinct, sum or avg aggregate")]
    [InlineData("""{"name": "j", "join": ["sessions_hourly", "conversion_hourly"]}""", "itself a joined definition")]
    [InlineData("""{"name": "j", "join": ["sessions_hourly", "sessions_hourly"]}""", "join lists 'sessions_hourly' twice")]
    [InlineData("""{"name": "j", "join": ["sessions_hourly", "ordering_sessions_hourly"], "size": "1h"}""", "'size' belongs to its parts")]
    [InlineData("""{"name": "j", "source": "click_stream", "time": "event_time", "size": "1h", "aggregates": [{"name": "n", "function": "count"}], "ratios": []}""", "ratios belong to a joined definition")]
    public void A_bad_joined_definition_is_refused_with_a_message_naming_the_fix(string json, string message)
    {
        var ex = Assert.Throws<WindowDefinitionException>(() => WindowDefinitions.ResolveJoins(WindowDefinitions.Combine(WindowDefinitions.BuiltIn, WindowDefinitions.Parse("[" + json + "]", "test.json")), "test.json"));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_reads_back_from_its_own_json()
    {
        foreach (var definition in WindowDefinitions.BuiltIn)
        {
            var again = WindowDefinitions.Parse("[" + definition.ToJson() + "]").Single();
            Assert.Equal(definition.ToJson(), again.ToJson());
        }
    }

    [Fact]
    public void An_event_belongs_to_every_hopping_window_that_holds_it_and_to_one_tumbling_window()
    {
        var hopping = WindowDefinitions.BuiltIn.Single(static d => d.Name == "revenue_5m");
        var t = new DateTime(2024, 5, 1, 12, 7, 0, DateTimeKind.Utc);
        var starts = hopping.WindowStarts(t).Order().ToList();
        Assert.Equal(12, starts.Count);
        Assert.Equal(new DateTime(2024, 5, 1, 11, 10, 0, DateTimeKind.Utc), starts[0]);
        Assert.Equal(new DateTime(2024, 5, 1, 12, 5, 0, DateTimeKind.Utc), starts[^1]);
        var tumbling = WindowDefinitions.BuiltIn.Single(static d => d.Name == "sales_analysis");
        Assert.Equal([new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc)], tumbling.WindowStarts(new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal([new DateTime(1969, 12, 31, 23, 0, 0, DateTimeKind.Utc)], tumbling.WindowStarts(new DateTime(1969, 12, 31, 23, 59, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("""{"name": "w", "source": "orders", "time": "t", "size": "1h", "aggregates": [{"name": "n", "function": "count"}]}""", "source 'orders' is unknown; use one of customers, products, transactions, transaction_lines, product_views")]
    [InlineData("""{"name": "w", "source": "product_views", "time": "product_id", "size": "1h", "aggregates": [{"name": "n", "function": "count"}]}""", "time field 'product_id' is a text; use one of timestamp, viewed_at")]
    [InlineData("""{"name": "w", "source": "product_views", "time": "timestamp", "size": "1h", "window": "hopping", "slide": "7m", "aggregates": [{"name": "n", "function": "count"}]}""", "slide (7m) must be positive and divide size (1h)")]
    [InlineData("""{"name": "w", "source": "product_views", "time": "timestamp", "size": "1h", "aggregates": [{"name": "n", "function": "sum", "field": "product_id"}]}""", "aggregate 'n' cannot take sum of 'product_id', a text field")]
    [InlineData("""{"name": "w", "source": "product_views", "time": "timestamp", "size": "1h", "keys": ["shop"], "aggregates": [{"name": "n", "function": "count"}]}""", "key field 'shop' is not in source 'product_views'")]
    [InlineData("""{"name": "w", "source": "product_views", "time": "timestamp", "size": "1h", "mode": "append", "aggregates": [{"name": "n", "function": "count"}]}""", "mode 'append' is unknown; use update or final")]
    [InlineData("""{"name": "W", "source": "product_views", "time": "timestamp", "size": "1h", "aggregates": [{"name": "n", "function": "count"}]}""", "window name 'W' must be lower case letters")]
    [InlineData("""{"name": "w", "source": "product_views", "time": "timestamp", "size": "1h", "lateness": "1h", "aggregates": [{"name": "n", "function": "count"}]}""", "unknown field 'lateness'")]
    [InlineData("""{"name": "w", "source": "product_views", "time": "timestamp", "size": "1h", "aggregates": [{"name": "window_start", "function": "count"}]}""", "aggregate name 'window_start' must be")]
    public void A_bad_definition_is_refused_with_a_message_naming_the_field_and_the_fix(string json, string message)
    {
        var ex = Assert.Throws<WindowDefinitionException>(() => WindowDefinitions.Parse("[" + json + "]", "test.json"));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_users_definition_may_not_take_a_built_ins_name()
    {
        var mine = WindowDefinitions.Parse("""[{"name": "sales_analysis", "source": "product_views", "time": "timestamp", "size": "1h", "aggregates": [{"name": "n", "function": "count"}]}]""");
        var ex = Assert.Throws<WindowDefinitionException>(() => WindowDefinitions.Combine(WindowDefinitions.BuiltIn, mine));
        Assert.Contains("window 'sales_analysis' is defined twice", ex.Message, StringComparison.Ordinal);
    }
}
