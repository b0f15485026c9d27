/**
 * The small types that the tracking and counting stages share: the cell a count belongs to ({@link
 * io.headcount.aggregation.domain.SiteCamera}) and the fused values ({@link
 * io.headcount.aggregation.domain.Fused}). The fused attributes a site may switch off are core's
 * {@link io.headcount.core.attributes.Attribute}, shared with the inference job. It depends on no
 * other aggregation package, so dependencies run one way: {@code tracking} → {@code counting} →
 * {@code domain}.
 */
package io.headcount.aggregation.domain;
