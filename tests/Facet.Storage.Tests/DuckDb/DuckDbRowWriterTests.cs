using System.Text;
using DuckDB.NET.Data;
using Facet.Core.Events;
using Facet.Storage.DuckDb;

namespace Facet.Storage.Tests.DuckDb;

public sealed class DuckDbRowWriterTests
{
    private static readonly string?[] Ids =
    [
        "aea4b823-c5c6-485e-8b3b-6182a7c4ecce", // a canonical UUID, held as bytes
        "5ed8cb2bc671fc36b74653ad", // an ObjectId, held as bytes
        "AEA4B823-C5C6-485E-8B3B-6182A7C4ECCE", // uppercase: held as its own string
        "ev-1", "évènement-№7", // short texts, one not ASCII
        "id-" + new string('x', 60), // longer than a UUID
        null,
    ];

    private static readonly string?[] Json = [null, "{}", """[{"option_label":"alloy","value_label":"white-375"}]""", """{"ä":"€ 1.234,56"}"""];

    [Fact]
    public void Ids_and_json_bytes_are_stored_as_the_texts_they_spell_through_the_reusable_row()
    {
        using var connection = InMemory("CREATE TABLE t (n INTEGER, id VARCHAR, j JSON, s VARCHAR)");

        var rows = Enumerable.Range(0, Ids.Length * Json.Length).ToList();
        using (var appender = connection.CreateAppender("t"))
        {
            var writer = new DuckDbRowWriter(appender);
            foreach (var n in rows)
            {
                writer.AppendRow(n, static (w, n) =>
                {
                    w.StartRow();
                    w.Int(n);
                    w.Text(IdText.From(Ids[n % Ids.Length]));
                    if (Json[n % Json.Length] is { } json)
                    {
                        w.Json(Encoding.UTF8.GetBytes(json).AsSpan());
                    }
                    else
                    {
                        w.Json((string?)null);
                    }

                    w.Text($"row {n}");
                    w.EndRow();
                });
            }
        }

        using var read = connection.CreateCommand();
        read.CommandText = "SELECT n, id, j::VARCHAR, s FROM t ORDER BY n";
        using var reader = read.ExecuteReader();
        var stored = new List<(int, string?, string?, string)>();
        while (reader.Read())
        {
            stored.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)));
        }

        Assert.Equal(rows.Select(n => (n, Ids[n % Ids.Length], Json[n % Json.Length], $"row {n}")), stored);
    }

    [Fact]
    public void A_value_written_outside_AppendRow_is_refused()
    {
        using var connection = InMemory("CREATE TABLE t (n INTEGER)");

        using var appender = connection.CreateAppender("t");
        var writer = new DuckDbRowWriter(appender);
        Assert.Throws<InvalidOperationException>(() => writer.Int(1));
    }

    private static DuckDBConnection InMemory(string createTable)
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = createTable;
        create.ExecuteNonQuery();
        return connection;
    }
}
