namespace Facet.Core.Tests.Commerce;

/// <summary>Shape B's four CSV files as COMMERCE.md shows them (header and example rows, quoting as such files come).</summary>
internal static class ShapeBSamples
{
    public const string CustomerHeader = "customer_id,first_name,last_name,username,email,gender,birthdate,device_type,device_id,device_version,home_location_lat,home_location_long,home_location,home_country,first_join_date";

    public const string CustomerRow = "5868,Ayu,Lestari,ayulestari,ayu.lestari@example.org,F,1996-08-01,iOS,3b1c1f38-8a62-4f6e-9a1f-2f1d1b6c9e11,iPhone; iOS 13.1.2,-6.2146,106.8451,Jakarta Raya,Indonesia,2019-07-21";

    public const string ProductHeader = "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName";

    public const string ProductRow = "15970,Men,Apparel,Topwear,Shirts,Navy Blue,Fall,2011,Casual,\"Turtle Check Men Navy Blue Shirt, Slim\"";

    public const string TransactionHeader = "created_at,customer_id,booking_id,session_id,product_metadata,payment_method,payment_status,promo_amount,promo_code,shipment_fee,shipment_date_limit,shipment_location_lat,shipment_location_long,total_amount";

    public const string TransactionRow = "2018-07-29T15:22:01.458193Z,5868,186e2bee-0637-4710-8981-50c2d737bc42,3abaa6ce-e320-4e51-9469-d9f3fa328e86,\"[{'product_id': 54728, 'quantity': 1, 'item_price': 191247}, {'product_id': 15970, 'quantity': 2, 'item_price': 12000}]\",Debit Card,Success,1415,WEEKENDSERU,10000,2018-08-03T04:53:55.458193Z,-8.2274,111.9690,223832";

    public const string ClickHeader = "session_id,event_name,event_id,event_time,traffic_source,event_metadata";

    public const string ClickAddToCart = "3abaa6ce-e320-4e51-9469-d9f3fa328e86,ADD_TO_CART,e4f5...,2018-07-29T15:20:11.190123Z,MOBILE,\"{'product_id': 54728, 'quantity': 1, 'item_price': 191247}\"";

    public const string ClickSearch = "3abaa6ce-e320-4e51-9469-d9f3fa328e86,SEARCH,a1b2...,2018-07-29T15:18:02.000000Z,WEB,\"{'search_keywords': 'Tas Ransel'}\"";

    public static string File(params string[] lines) => string.Join('\n', lines) + "\n";
}
