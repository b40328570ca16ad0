/* normalize_memo.c: a product's values that all its variants share (brand, product type, tags,
 * the image links), cleaned once per product instead of once per variant, and placed in each
 * variant's item exactly as normalize_text and normalize_image place them (issue 12: a
 * Shopify product of six variants cleaned its vendor six times and every image link six times).
 * Owns: the buffers of struct normalize_memo (normalize.h); one per normalizer, so per worker. */
#include "normalize.h"
#include "alloc.h"
#include "text.h"
#include <stdlib.h>
#include <string.h>

void normalize_memo_init(struct normalize_memo *m)
{
	memset(m, 0, sizeof(*m));
	for (int k = 0; k < MEMO_TEXTS; k++)
		strbuf_init(&m->text[k]);
	strbuf_init(&m->images);
}

void normalize_memo_release(struct normalize_memo *m)
{
	for (int k = 0; k < MEMO_TEXTS; k++)
		strbuf_release(&m->text[k]);
	strbuf_release(&m->images);
	free(m->image);
	memset(m, 0, sizeof(*m));
}

void normalize_memo_text(struct normalize_memo *m, int k, const char *s)
{
	strbuf_reset(&m->text[k]);
	m->changes[k] = 0;
	m->set[k] = s != NULL;
	if (s)
		m->changes[k] = text_clean(&m->text[k], s, strlen(s), TEXT_STRIP_INVISIBLE | TEXT_SINGLE_LINE, 0);
}

void normalize_text_from_memo(struct item *it, enum item_field f, const struct normalize_memo *m, int k)
{
	if (!m->set[k])
		return; /* as normalize_text with NULL: the field as it was */
	strbuf_reset(&it->field[f]);
	strbuf_add(&it->field[f], m->text[k].buf, m->text[k].len);
	normalize_text_changes(it, f, m->changes[k]);
}

void normalize_memo_images_reset(struct normalize_memo *m)
{
	strbuf_reset(&m->images);
	m->nimages = 0;
}

void normalize_memo_image(struct normalize_memo *m, const char *url)
{
	struct memo_image *img;

	if (m->nimages == m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 16;
		m->image = xrealloc(m->image, m->alloc * sizeof(*m->image));
	}
	img = &m->image[m->nimages++];
	img->off = m->images.len;
	img->set = url && *url;
	if (img->set)
		normalize_image_text(&m->images, url);
	img->len = m->images.len - img->off;
}

void normalize_image_from_memo(struct item *it, enum item_field f, const struct normalize_memo *m, size_t k)
{
	const struct memo_image *img = &m->image[k];
	size_t mark;

	if (!img->set)
		return;
	mark = normalize_image_begin(it, f);
	strbuf_add(&it->field[f], m->images.buf + img->off, img->len);
	normalize_image_end(it, f, mark);
}
