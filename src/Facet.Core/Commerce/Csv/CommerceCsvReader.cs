using System.Globalization;
using System.Text;
using Facet.Core.Commerce.Internal;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Core.Commerce.Csv;

/// <summary>
/// Reads one of Shape B's four CSV files (customer, product, transactions, click_stream) as they come — nested
/// Python-literal metadata included — and yields a <see cref="Decoded{TRecord}"/> per row: the same record the JSON
/// decoders give, or a rejection with the row's raw text and <c>SourcePosition.File(source, line)</c>. The kind is
/// told from the header; column names match case-insensitively (and ignoring '_'), extra columns are ignored, a
/// missing required column stops the file with one <see cref="CommerceCsvException"/> naming file and column. A row
/// with broken quoting is rejected (<c>malformed_row</c>) and reading goes on at the next line
/// (<see cref="CsvRecordSplitter"/> says why this is not Sylvan.Data.Csv).
/// </summary>
public sealed class CommerceCsvReader : IDisposable
{
    /// <summary>Shape B's public dataset states amounts in Indonesian rupiah; used when the options name no currency.</summary>
    public const string ShapeBCurrency = "IDR";

    private readonly CsvRecordSplitter _csv;
    private readonly string _source;
    private readonly CommerceDecoderOptions _options;
    private readonly int[] _fieldOfColumn;
    private readonly int _fieldCount;
    private long _skipBefore;
    private bool _read;

    private CommerceCsvReader(CsvRecordSplitter csv, string source, CommerceDecoderOptions options)
    {
        _csv = csv;
        _source = source;
        _options = options;
        var header = ReadHeader(csv, source);
        Kind = DetectKind(header, source);
        var table = TableOf(Kind);
        _fieldCount = table.Count;
        _fieldOfColumn = new int[header.Length];
        var columnOfField = new Dictionary<int, string>();
        for (var i = 0; i < header.Length; i++)
        {
            var field = table.Find(header[i]);
            if (field >= 0 && !columnOfField.TryAdd(field, header[i]))
            {
                throw new CommerceCsvException($"{Describe(Kind)} file '{source}' has two columns for {table.Name(field)}: '{columnOfField[field]}' and '{header[i]}'; remove one");
            }

            _fieldOfColumn[i] = field;
        }

        foreach (var required in RequiredFields(Kind))
        {
            if (required.All(f => !columnOfField.ContainsKey(f)))
            {
                var names = string.Join("' or '", required.Select(table.Name));
                throw new CommerceCsvException($"{Describe(Kind)} file '{source}' has no column '{names}' (its header: {string.Join(",", header)})");
            }
        }
    }

    public CommerceCsvKind Kind { get; }

    /// <summary>The line after the last row read: where a later read of this file resumes.</summary>
    public long NextLine => _csv.NextLine;

    /// <summary>
    /// Rows starting before <paramref name="line"/> are passed over without being decoded (resuming a file from its
    /// checkpoint). Call before reading.
    /// </summary>
    public void SkipRowsBefore(long line) => _skipBefore = line;

    /// <summary>Opens a file and reads its header. Throws <see cref="CommerceCsvException"/> when the header does not fit.</summary>
    public static CommerceCsvReader Open(string path, CommerceDecoderOptions? options = null) =>
        Create(new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true), path, options);

    /// <summary>Reads CSV text from <paramref name="text"/> (owned and disposed by the reader); <paramref name="source"/> names it in positions and errors.</summary>
    public static CommerceCsvReader Create(TextReader text, string source, CommerceDecoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new CommerceDecoderOptions { DefaultCurrency = ShapeBCurrency };
        var csv = new CsvRecordSplitter(text);
        try
        {
            return new CommerceCsvReader(csv, source, options);
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    public IEnumerable<Decoded<Customer>> ReadCustomers() => Read<Customer, CustomerDecoder>(CommerceCsvKind.Customers);

    public IEnumerable<Decoded<Product>> ReadProducts() => Read<Product, ProductDecoder>(CommerceCsvKind.Products);

    public IEnumerable<Decoded<Order>> ReadOrders() => Read<Order, OrderDecoder>(CommerceCsvKind.Transactions);

    public IEnumerable<Decoded<ClickEvent>> ReadClickEvents() => Read<ClickEvent, ClickEventDecoder>(CommerceCsvKind.ClickStream);

    public void Dispose() => _csv.Dispose();

    private IEnumerable<Decoded<TRecord>> Read<TRecord, TBuilder>(CommerceCsvKind kind)
        where TRecord : class
        where TBuilder : IEntityBuilder<TRecord>
    {
        if (kind != Kind)
        {
            throw new InvalidOperationException($"'{_source}' is a {Describe(Kind)} file, not a {Describe(kind)} file: call the matching Read method");
        }

        if (_read)
        {
            throw new InvalidOperationException("the rows of a CSV file can be read once");
        }

        _read = true;
        return ReadRows<TRecord, TBuilder>();
    }

    private IEnumerable<Decoded<TRecord>> ReadRows<TRecord, TBuilder>()
        where TRecord : class
        where TBuilder : IEntityBuilder<TRecord>
    {
        while (_csv.TryRead(out var raw, out var line))
        {
            // A blank line holds no record (exports end with one); skipping it loses nothing.
            if (raw.IsEmpty || line < _skipBefore)
            {
                continue;
            }

            yield return DecodeRow<TRecord, TBuilder>(raw.Span, line);
        }
    }

    private Decoded<TRecord> DecodeRow<TRecord, TBuilder>(ReadOnlySpan<char> raw, long line)
        where TRecord : class
        where TBuilder : IEntityBuilder<TRecord>
    {
        var position = SourcePosition.File(_source, line);
        Fault fault;
        var values = new string?[_fieldCount];
        var fields = CsvRowTokenizer.Split(raw, _fieldOfColumn, values, out var quoting);
        if (fields < 0)
        {
            fault = new Fault(CommerceRejectionCodes.MalformedRow, $"broken quoting: {quoting}", null);
        }
        else if (fields != _fieldOfColumn.Length)
        {
            fault = new Fault(CommerceRejectionCodes.MalformedRow, string.Create(CultureInfo.InvariantCulture, $"the row has {fields} fields, the header {_fieldOfColumn.Length}"), null);
        }
        else
        {
            try
            {
                var reader = new RecordReader<CsvFieldSource>(new CsvFieldSource(values), TBuilder.Fields, _options);
                var record = TBuilder.Build(ref reader);
                if (reader.Fault is null && record is not null)
                {
                    return Decoded<TRecord>.Accepted(record);
                }

                fault = reader.Fault ?? new Fault(RejectionCodes.ParserError, "the builder returned no record and no fault", null);
            }
#pragma warning disable CA1031 // A decoder never throws on a row: a failure here is a Facet bug, kept with the raw row to replay it.
            catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                fault = new Fault(RejectionCodes.ParserError, $"Facet's decoder failed on this row ({ex.GetType().Name}: {ex.Message}); please report it with the raw row.", null);
            }
        }

        return Decoded<TRecord>.Rejected(new Rejection(fault.Code, fault.Message, fault.Field, Encoding.UTF8.GetBytes(raw.ToArray()), position));
    }

    private static string[] ReadHeader(CsvRecordSplitter csv, string source)
    {
        ReadOnlyMemory<char> row;
        do
        {
            if (!csv.TryRead(out row, out _))
            {
                throw new CommerceCsvException($"'{source}' is empty: a CSV file of Shape B starts with its header row");
            }
        }
        while (row.IsEmpty);

        var names = new string?[row.Span.Count(',') + 1];
        var identity = Enumerable.Range(0, names.Length).ToArray();
        var count = CsvRowTokenizer.Split(row.Span, identity, names, out var error);
        if (count < 0)
        {
            throw new CommerceCsvException($"the header of '{source}' has broken quoting: {error}");
        }

        return names.Take(count).Select(n => n!.Trim()).ToArray();
    }

    private static CommerceCsvKind DetectKind(string[] header, string source)
    {
        bool Has(FieldTable table, int field) => header.Any(h => table.Find(h) == field);

        if (Has(OrderDecoder.Table, OrderDecoder.LineItems) || (Has(OrderDecoder.Table, OrderDecoder.Id) && header.Any(h => h.Equals("booking_id", StringComparison.OrdinalIgnoreCase))))
        {
            return CommerceCsvKind.Transactions;
        }

        if (Has(ClickEventDecoder.Table, ClickEventDecoder.EventName) || Has(ClickEventDecoder.Table, ClickEventDecoder.Metadata))
        {
            return CommerceCsvKind.ClickStream;
        }

        if (Has(CustomerDecoder.Table, CustomerDecoder.Id) && !header.Any(h => h.Equals("id", StringComparison.OrdinalIgnoreCase)))
        {
            return CommerceCsvKind.Customers;
        }

        if (Has(ProductDecoder.Table, ProductDecoder.Category) || Has(ProductDecoder.Table, ProductDecoder.ArticleType) || Has(ProductDecoder.Table, ProductDecoder.Name))
        {
            return CommerceCsvKind.Products;
        }

        throw new CommerceCsvException($"cannot tell from its header which of Shape B's files '{source}' is (customer: customer_id; product: id, masterCategory; transactions: booking_id, product_metadata; click_stream: session_id, event_name); its header: {string.Join(",", header)}");
    }

    private static FieldTable TableOf(CommerceCsvKind kind) => kind switch
    {
        CommerceCsvKind.Customers => CustomerDecoder.Table,
        CommerceCsvKind.Products => ProductDecoder.Table,
        CommerceCsvKind.Transactions => OrderDecoder.Table,
        _ => ClickEventDecoder.Table,
    };

    /// <summary>Per kind, the columns a file must have; each entry lists alternatives (any one will do).</summary>
    private static int[][] RequiredFields(CommerceCsvKind kind) => kind switch
    {
        CommerceCsvKind.Customers => [[CustomerDecoder.Id]],
        CommerceCsvKind.Products => [[ProductDecoder.Id]],
        CommerceCsvKind.Transactions => [[OrderDecoder.Id], [OrderDecoder.CustomerId], [OrderDecoder.CreatedAt], [OrderDecoder.LineItems, OrderDecoder.ProductId]],
        _ => [[ClickEventDecoder.SessionId], [ClickEventDecoder.EventName], [ClickEventDecoder.Id], [ClickEventDecoder.EventTime]],
    };

    internal static string Describe(CommerceCsvKind kind) => kind switch
    {
        CommerceCsvKind.Customers => "customer",
        CommerceCsvKind.Products => "product",
        CommerceCsvKind.Transactions => "transactions",
        _ => "click_stream",
    };
}
