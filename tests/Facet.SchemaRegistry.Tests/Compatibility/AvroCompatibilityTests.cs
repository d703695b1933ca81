using Avro;
using Facet.SchemaRegistry.Compatibility;
using Xunit;

namespace Facet.SchemaRegistry.Tests.Compatibility;

public sealed class AvroCompatibilityTests
{
    private static Schema Record(string fields, string name = "Order") =>
        Schema.Parse($$"""{"type":"record","name":"{{name}}","namespace":"shop","fields":[{{fields}}]}""");

    private static IReadOnlyList<string> Problems(Schema reader, Schema writer) => AvroCompatibility.ReadProblems(reader, writer);

    [Fact]
    public void An_added_field_with_a_default_is_readable_and_one_without_is_not()
    {
        var v1 = Record("""{"name":"id","type":"string"}""");
        var withDefault = Record("""{"name":"id","type":"string"},{"name":"note","type":["null","string"],"default":null}""");
        var withoutDefault = Record("""{"name":"id","type":"string"},{"name":"qty","type":"int"}""");

        Assert.Empty(Problems(withDefault, v1));
        var problem = Assert.Single(Problems(withoutDefault, v1));
        Assert.Contains("qty", problem, StringComparison.Ordinal);
        Assert.Contains("default", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_field_is_readable()
    {
        Assert.Empty(Problems(Record("""{"name":"id","type":"string"}"""), Record("""{"name":"id","type":"string"},{"name":"old","type":"long"}""")));
    }

    [Theory]
    [InlineData("int", "long", true)]
    [InlineData("int", "float", true)]
    [InlineData("int", "double", true)]
    [InlineData("long", "float", true)]
    [InlineData("long", "double", true)]
    [InlineData("float", "double", true)]
    [InlineData("string", "bytes", true)]
    [InlineData("bytes", "string", true)]
    [InlineData("long", "int", false)]
    [InlineData("double", "float", false)]
    [InlineData("string", "int", false)]
    [InlineData("boolean", "int", false)]
    public void Primitive_promotions_follow_the_Avro_specification(string writer, string reader, bool readable)
    {
        var problems = Problems(Record($$"""{"name":"v","type":"{{reader}}"}"""), Record($$"""{"name":"v","type":"{{writer}}"}"""));
        Assert.Equal(readable, problems.Count == 0);
    }

    [Fact]
    public void Enum_symbols_may_be_added_but_a_removed_symbol_needs_a_reader_default()
    {
        var writer = Record("""{"name":"s","type":{"type":"enum","name":"Status","symbols":["PENDING","DONE","CANCELLED"]}}""");
        var added = Record("""{"name":"s","type":{"type":"enum","name":"Status","symbols":["PENDING","DONE","CANCELLED","REFUNDED"]}}""");
        var removed = Record("""{"name":"s","type":{"type":"enum","name":"Status","symbols":["PENDING","DONE"]}}""");
        var removedWithDefault = Record("""{"name":"s","type":{"type":"enum","name":"Status","symbols":["PENDING","DONE"],"default":"PENDING"}}""");

        Assert.Empty(Problems(added, writer));
        Assert.Contains("CANCELLED", Assert.Single(Problems(removed, writer)), StringComparison.Ordinal);
        Assert.Empty(Problems(removedWithDefault, writer));
    }

    [Fact]
    public void A_renamed_record_needs_the_old_name_as_an_alias()
    {
        var writer = Record("""{"name":"id","type":"string"}""", "Order");
        Assert.NotEmpty(Problems(Record("""{"name":"id","type":"string"}""", "Purchase"), writer));
        var aliased = Schema.Parse("""{"type":"record","name":"Purchase","namespace":"shop","aliases":["Order"],"fields":[{"name":"id","type":"string"}]}""");
        Assert.Empty(Problems(aliased, writer));
    }

    [Fact]
    public void A_renamed_field_is_found_through_its_alias()
    {
        var writer = Record("""{"name":"amount","type":"long"}""");
        var reader = Record("""{"name":"total","aliases":["amount"],"type":"long"}""");
        Assert.Empty(Problems(reader, writer));
    }

    [Fact]
    public void Unions_resolve_branch_by_branch()
    {
        var nullableString = Record("""{"name":"v","type":["null","string"]}""");
        var plainString = Record("""{"name":"v","type":"string"}""");
        var nullableLong = Record("""{"name":"v","type":["null","long"]}""");

        Assert.Empty(Problems(nullableString, plainString));       // a value becomes optional
        Assert.NotEmpty(Problems(plainString, nullableString));    // null has nowhere to go
        Assert.Empty(Problems(Record("""{"name":"v","type":["null","long"]}"""), Record("""{"name":"v","type":["null","int"]}""")));
        Assert.NotEmpty(Problems(nullableLong, nullableString));
    }

    [Fact]
    public void Arrays_maps_and_logical_types_resolve_through_their_parts()
    {
        Assert.Empty(Problems(Record("""{"name":"v","type":{"type":"array","items":"long"}}"""), Record("""{"name":"v","type":{"type":"array","items":"int"}}""")));
        Assert.NotEmpty(Problems(Record("""{"name":"v","type":{"type":"map","values":"int"}}"""), Record("""{"name":"v","type":{"type":"map","values":"string"}}""")));
        Assert.Empty(Problems(
            Record("""{"name":"t","type":{"type":"long","logicalType":"timestamp-millis"}}"""),
            Record("""{"name":"t","type":{"type":"long","logicalType":"timestamp-millis"}}""")));
    }

    [Fact]
    public void Full_checks_both_directions_and_transitive_checks_every_live_version()
    {
        var v1 = Record("""{"name":"id","type":"string"},{"name":"old","type":"long"}""");
        var v2 = Record("""{"name":"id","type":"string"}""");
        var live = new[] { new Facet.Storage.Registry.StoredSubjectVersion("s", 1, 1, "AVRO", v1.ToString(), false) };

        Assert.Empty(SubjectCompatibility.Problems(CompatibilityLevel.Backward, v2, live));
        // v1 cannot read v2's data: "old" has no default.
        Assert.NotEmpty(SubjectCompatibility.Problems(CompatibilityLevel.Forward, v2, live));
        Assert.NotEmpty(SubjectCompatibility.Problems(CompatibilityLevel.Full, v2, live));
        Assert.Empty(SubjectCompatibility.Problems(CompatibilityLevel.None, v2, live));

        var v3 = Record("""{"name":"id","type":"string"},{"name":"old","type":"int"}""");
        var twoVersions = new[] { live[0], new Facet.Storage.Registry.StoredSubjectVersion("s", 2, 2, "AVRO", v2.ToString(), false) };
        // Against the latest (v2) the int field is new and lacks a default; against v1 a long cannot become an int.
        Assert.Single(SubjectCompatibility.Problems(CompatibilityLevel.Backward, v3, twoVersions));
        Assert.Equal(2, SubjectCompatibility.Problems(CompatibilityLevel.BackwardTransitive, v3, twoVersions).Count);
    }
}
