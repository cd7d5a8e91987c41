using System.Globalization;
using ProsessLop.Api.Infrastructure.Errors;

namespace ProsessLop.Api.Infrastructure;

/// One page of a list. Every list that pages builds this from what the client sent, so the
/// bounds are checked here once; a Paging that exists is valid, and its offset fits.
public sealed record Paging
{
    /// Far beyond any real list (a page of 500 rows at page 100 000 is row 50 million), and low
    /// enough that the row offset can never overflow.
    public const int MaxPage = 100_000; // the message below spells it out

    /// No list lets a client ask for more rows than this at once.
    public const int MaxPageSize = 1_000;

    private Paging(int page, int pageSize) => (Page, PageSize) = (page, pageSize);

    public int Page { get; }

    public int PageSize { get; }

    /// Rows before this page: at most (MaxPage − 1) × MaxPageSize, well inside an int.
    public int Offset => checked((int)((long)(Page - 1) * PageSize));

    /// The page the client asked for, or a 400 naming the parameter (as the client spelt it).
    public static Paging From(int? page, int? pageSize, int defaultPageSize, int maxPageSize, string pageName = "page", string pageSizeName = "pageSize")
    {
        if (maxPageSize is < 1 or > MaxPageSize || defaultPageSize < 1 || defaultPageSize > maxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPageSize), "A list's page sizes must lie within 1 … Paging.MaxPageSize.");
        }

        var errors = new Dictionary<string, string[]>();
        if (page is < 1 or > MaxPage)
        {
            errors[pageName] = [Texts.Paging_PageNumber];
        }

        if (pageSize is { } size && (size < 1 || size > maxPageSize))
        {
            errors[pageSizeName] = [string.Format(CultureInfo.InvariantCulture, Texts.Paging_PageSize, maxPageSize)];
        }

        return errors.Count > 0 ? throw new RequestValidationException(errors) : new Paging(page ?? 1, pageSize ?? defaultPageSize);
    }
}
