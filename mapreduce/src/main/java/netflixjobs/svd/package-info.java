/**
 * The recommender, in rooms that point only down (LayeringTest holds the order):
 * <ul>
 * <li>{@code netflixjobs.svd}: the tools ({@code svd}, {@code predict}, {@code recommend},
 *     {@code rmse}) and the readers of a trained model ({@link netflixjobs.svd.SvdModel},
 *     {@link netflixjobs.svd.RatedMovies}). New models' tools (SVD++, ALS, the neighbourhood
 *     predictor, the blend) and evaluation ({@code evaluate}, {@code tune}, {@code cv}) join here.</li>
 * <li>{@code netflixjobs.svd.train}: the training passes, their driver, counters and MODEL layout.
 *     Another model's passes stand beside Funk SVD's here.</li>
 * <li>{@code netflixjobs.svd.io}: the file formats (rating blocks, factor slices), shared by the models.</li>
 * <li>{@code netflixjobs.svd.model}: a model's parameters and configuration keys, the blocking
 *     and the arithmetic (predict, an SGD step), plain Java a task or a tool can use.</li>
 * </ul>
 */
package netflixjobs.svd;
