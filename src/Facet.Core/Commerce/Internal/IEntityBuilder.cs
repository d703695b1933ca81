namespace Facet.Core.Commerce.Internal;

/// <summary>An entity's field table and the one builder JSON and CSV share, so both forms obey the same rules.</summary>
internal interface IEntityBuilder<TRecord>
    where TRecord : class
{
    static abstract FieldTable Fields { get; }

    /// <summary>The record, or null when <paramref name="reader"/> holds a fault.</summary>
    static abstract TRecord? Build<TSource>(ref RecordReader<TSource> reader)
        where TSource : struct, IFieldSource;
}
