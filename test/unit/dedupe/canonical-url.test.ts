import { describe, expect, it } from 'vitest';
import { canonicalUrl, isTrackingParam } from '../../../src/core/identity';

describe('canonicalUrl', () => {
  it.each([
    // rule 1–2: scheme, host case, default ports
    ['scheme and host lower-cased, http → https', 'HTTP://EN.Yna.CO.KR/view/AEN1', 'https://en.yna.co.kr/view/AEN1'],
    ['https kept', 'https://en.yna.co.kr/view/AEN1', 'https://en.yna.co.kr/view/AEN1'],
    ['default https port dropped', 'https://en.yna.co.kr:443/view/AEN1', 'https://en.yna.co.kr/view/AEN1'],
    ['default http port dropped', 'http://en.yna.co.kr:80/view/AEN1', 'https://en.yna.co.kr/view/AEN1'],
    ['other ports kept', 'http://127.0.0.1:8080/a', 'https://127.0.0.1:8080/a'],
    ['surrounding whitespace trimmed', '  https://a.example/x \n', 'https://a.example/x'],
    // rule 3–4: host, credentials
    ['leading www. dropped', 'https://www.yna.co.kr/view/AKR1', 'https://yna.co.kr/view/AKR1'],
    ['trailing dot of the host dropped', 'https://www.yna.co.kr./view/AKR1', 'https://yna.co.kr/view/AKR1'],
    ['other subdomains kept', 'https://m.yna.co.kr/view/AKR1', 'https://m.yna.co.kr/view/AKR1'],
    ['credentials dropped', 'https://user:pw@a.example/x', 'https://a.example/x'],
    ['IDN host to punycode', 'https://연합.example/기사', 'https://xn--ej5b06z.example/%EA%B8%B0%EC%82%AC'],
    // rule 5: fragment
    ['fragment dropped', 'https://a.example/story/1#comments', 'https://a.example/story/1'],
    ['empty fragment dropped', 'https://a.example/story/1#', 'https://a.example/story/1'],
    ['hashbang fragment kept', 'https://a.example/#!/article/12', 'https://a.example/#!/article/12'],
    // rule 6: path
    ['trailing slash dropped on a non-root path', 'https://a.example/news/123/', 'https://a.example/news/123'],
    ['root path stays /', 'https://a.example', 'https://a.example/'],
    ['root with slash', 'https://a.example/', 'https://a.example/'],
    ['duplicate slashes collapse', 'https://a.example//news///123', 'https://a.example/news/123'],
    ['dot segments resolved', 'https://a.example/a/./b/../c', 'https://a.example/a/c'],
    ['jsessionid path parameter dropped', 'https://a.example/news/1;jsessionid=ABC123?id=5', 'https://a.example/news/1?id=5'],
    ['escapes upper-cased', 'https://a.example/a%2fb', 'https://a.example/a%2Fb'],
    ['escapes of unreserved characters decoded', 'https://a.example/%7Euser/%41b', 'https://a.example/~user/Ab'],
    // rule 7: query
    ['utm_* removed', 'https://a.example/x?utm_source=rss&utm_medium=feed&utm_campaign=nk', 'https://a.example/x'],
    ['UTM_ removed whatever the case', 'https://a.example/x?UTM_Source=rss', 'https://a.example/x'],
    ['click ids removed', 'https://a.example/x?fbclid=IwAR0&gclid=Cj0&msclkid=9&igshid=MzRl', 'https://a.example/x'],
    ['mailchimp ids removed', 'https://a.example/x?mc_cid=1a&mc_eid=2b', 'https://a.example/x'],
    ['ref removed', 'https://a.example/x?ref=rss', 'https://a.example/x'],
    ['article id in the query kept', 'https://news.example/article.php?aid=123&utm_source=rss', 'https://news.example/article.php?aid=123'],
    ['several content params kept and sorted', 'https://a.example/view.php?sid=2&aid=123&fbclid=x', 'https://a.example/view.php?aid=123&sid=2'],
    ['repeated names ordered by value', 'https://a.example/x?t=b&t=a', 'https://a.example/x?t=a&t=b'],
    ['empty query dropped', 'https://a.example/x?', 'https://a.example/x'],
    ['encodings of the same value agree', 'https://a.example/s?q=kim%20jong', 'https://a.example/s?q=kim+jong'],
    ['everything at once', 'HTTP://WWW.Example.com:80/News/Article/?utm_source=x&id=7&gclid=y#top', 'https://example.com/News/Article?id=7'],
    // not http(s)
    ['tag: URIs unchanged', 'tag:yna.co.kr,2026:AEN1', 'tag:yna.co.kr,2026:AEN1'],
    ['urn unchanged', 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a', 'urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a'],
    ['not a URL: trimmed text', ' 12345 ', '12345'],
  ])('%s', (_case, input, expected) => {
    // Prepare / Act
    const out = canonicalUrl(input);
    // Assess
    expect(out).toBe(expected);
  });

  it('is idempotent', () => {
    const inputs = ['HTTP://WWW.Example.com:80/News/?utm_source=x&id=7&b=2#top', 'https://a.example/#!/x', 'https://a.example/a%2fb/?q=a%20b'];
    for (const i of inputs) expect(canonicalUrl(canonicalUrl(i))).toBe(canonicalUrl(i));
  });

  it.each([
    ['utm_content', true], ['ga_source', true], ['fbclid', true], ['REF', true], ['aid', false], ['id', false], ['page', false], ['p', false], ['idxno', false],
  ])('isTrackingParam(%s) = %s', (name, expected) => {
    expect(isTrackingParam(name)).toBe(expected);
  });
});
