from tandem.core.markdown import render_markdown


def test_it_renders_basic_markdown():
    html = render_markdown("**bold** and a [link](https://example.com)\n\n- one\n- two")
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="nofollow noopener noreferrer">link</a>' in html
    assert "<li>one</li>" in html


def test_it_removes_scripts_and_dangerous_links():
    html = render_markdown('<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>')
    # Raw HTML is shown as text, never as tags; a javascript: link never becomes a link.
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<img" not in html
    assert 'href="javascript' not in html


def test_it_folds_big_headings_below_the_page_title():
    html = render_markdown("# Title\n\n## Sub")
    assert "<h1>" not in html and "<h3>Title</h3>" in html and "<h4>Sub</h4>" in html
