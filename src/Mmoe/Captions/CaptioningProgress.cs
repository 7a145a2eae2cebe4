namespace Mmoe.Captions;

/// <summary>Where a captioning run stands, reported after each distinct image.</summary>
public sealed record CaptioningProgress(int ImagesDone, int ImagesTotal, int Captioned, int FromCache, int Failed);
