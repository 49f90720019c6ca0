namespace Maillage.Shared.Web;

/// <summary>What the _Pagination partial needs: the current page, the page count and the other query parameters to keep.</summary>
public sealed record PagerModel(int Page, int PageCount, int Total, IReadOnlyDictionary<string, string?> Query)
{
    public string Link(int page)
    {
        var parts = Query.Where(q => !string.IsNullOrEmpty(q.Value) && q.Key != "page")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value!)}")
            .Append($"page={page}");
        return "?" + string.Join("&", parts);
    }

    public static PagerModel From<T>(Paged<T> paged, HttpRequest request) =>
        new(paged.Page, paged.PageCount, paged.Total, request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString()));
}
